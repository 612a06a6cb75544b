'use client';
// The add page's form: a title, then POST /admin/api/blog/posts makes the draft and the editor opens on it. Nothing
// is created by visiting the page (a prefetch or a stray visit leaves no empty posts behind).
import { useRef, useState, type FormEvent } from 'react';
import { api } from './api';
import { FOCUS_KEY } from './focus';
import { editorT, type EditorLang } from './i18n';
import './editor.css';

export function NewPostForm({ lang }: { lang: EditorLang }) {
  const t = editorT(lang);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errRef = useRef<HTMLParagraphElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await api<{ id: number; editUrl: string }>('POST', '/admin/api/blog/posts', { title: title.trim() });
    if (r.ok && r.data) {
      try {
        sessionStorage.setItem(FOCUS_KEY, String(r.data.id));
      } catch {
        // private mode: the editor opens without moving the cursor
      }
      window.location.assign(r.data.editUrl);
      return;
    }
    setBusy(false);
    setError(r.status === 0 ? t.offline : r.status === 401 ? t.signedOut : (r.error ?? t.notSaved));
    requestAnimationFrame(() => errRef.current?.focus());
  }

  return (
    <form className="ed-new" onSubmit={submit} aria-busy={busy}>
      <h1>{t.newPost}</h1>
      <p className="adm-meta">{t.newPostLead}</p>
      <label htmlFor="ed-new-title" className="adm-visually-hidden">
        {t.titleLabel}
      </label>
      <input id="ed-new-title" className="ed-title" type="text" value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t.titlePlaceholder} autoFocus autoComplete="off" required maxLength={300} />
      {error && (
        <p ref={errRef} tabIndex={-1} className="adm-msg adm-msg--error" role="alert">
          {error}
        </p>
      )}
      <div className="adm-buttons">
        <button type="submit" className="adm-button adm-button--primary" disabled={busy || !title.trim()}>
          {busy ? t.creating : t.startWriting}
        </button>
      </div>
    </form>
  );
}

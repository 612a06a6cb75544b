'use client';
// The revisions page's one interactive part: "restore as draft" (POST …/revisions/:rid/restore), then the editor.
import { useState } from 'react';
import { api, postApi } from './api';
import { editorT, type EditorLang } from './i18n';

export function RestoreButton({ postId, revisionId, version, lang, editUrl, label }: { postId: number; revisionId: number; version: number; lang: EditorLang; editUrl: string; label: string }) {
  const t = editorT(lang);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  async function restore() {
    if (!window.confirm(t.restoreConfirm)) return;
    setState({ kind: 'busy' });
    const r = await api<{ fields: unknown; draftSavedAt: string }>('POST', postApi(postId, `revisions/${revisionId}/restore`), { version });
    if (r.ok) {
      setState({ kind: 'done' });
      window.location.assign(editUrl);
      return;
    }
    setState({ kind: 'error', message: r.status === 409 ? t.otherSaved : r.status === 0 ? t.offline : (r.error ?? t.notSaved) });
  }
  return (
    <span className="ed-restore">
      <button type="button" className="adm-button adm-button--small" onClick={() => void restore()} disabled={state.kind === 'busy' || state.kind === 'done'} aria-label={label}>
        {state.kind === 'busy' ? t.restoring : t.restore}
      </button>
      <span role="status" className={state.kind === 'error' ? 'adm-errorlist' : 'adm-meta'}>
        {state.kind === 'error' ? state.message : state.kind === 'done' ? t.restoredOk : ''}
      </span>
    </span>
  );
}

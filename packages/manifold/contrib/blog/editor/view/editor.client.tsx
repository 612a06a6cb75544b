'use client';
// The post editor's browser half: the title, the source editor (H3a's CodeMirror, loaded lazily), the live preview
// (loaded lazily), the settings sidebar, autosave of the working copy (a draft readers never see), and the save bar
// (save / publish / schedule / unpublish as the author's permissions allow). A refused save because someone saved
// first opens the conflict view, which merges the two instead of losing either.
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConflictBody, Diagnostic, EditorData, EditorFields, PostStatus, SaveIntent, SaveRequest, SaveResult, ValidationBody } from '../types';
import { uploadMedia } from '../../../media/upload.client';
import { api, postApi, sendAutosaveBeacon } from './api';
import { Autosaver, type AutosaveStatus } from './autosave';
import { ConflictView } from './conflict.client';
import { SettingsSidebar, type SetField } from './fields.client';
import { FOCUS_KEY } from './focus';
import { editorT, fieldLabel, type EditorDict } from './i18n';
import { longTime, shortTime } from './time';
import './editor.css';

function Loading({ label }: { label: string }) {
  return (
    <div className="ed-loading" aria-busy="true">
      <span className="ed-spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

// Both are client-only and heavy (CodeMirror; the preview's frame): the page's first paint does not wait for them.
const SourceEditor = dynamic(() => import('../source-editor/index.client').then((m) => m.SourceEditor), {
  ssr: false,
  loading: () => <Loading label="편집기를 불러오는 중… / Loading the editor…" />,
});
const PreviewPane = dynamic(() => import('../preview-pane.client').then((m) => m.PreviewPane), {
  ssr: false,
  loading: () => <Loading label="미리보기를 불러오는 중… / Loading the preview…" />,
});

/** Quiet time after the last keystroke before the draft is autosaved. */
const AUTOSAVE_DELAY_MS = 2500;
/** A beacon carries about 64 KB; past that, leaving with unsaved changes asks first. */
const BEACON_BUDGET = 60_000;

type Layout = 'editor' | 'split' | 'preview';
const LAYOUT_KEY = 'manifold.editor.layout';

export interface EditorLinks {
  changeList: string;
  history: string;
  revisions: string;
  delete: string | null;
}

interface Flash {
  kind: 'success' | 'error' | 'info';
  text: string;
  items?: string[];
}

interface OpenConflict {
  conflict: ConflictBody['conflict'];
  intent: SaveIntent;
  mine: EditorFields;
  base: EditorFields;
}

function AutosaveLine({ t, status, tz, lang, onRetry, otherSaved, lastSavedAt }: { t: EditorDict; status: AutosaveStatus; tz: string; lang: 'ko' | 'en'; onRetry: () => void; otherSaved: boolean; lastSavedAt: string }) {
  let text: string;
  let cls = 'ed-autosave';
  if (status.kind === 'saving') text = t.saving;
  else if (status.kind === 'saved') text = t.savedAt(shortTime(status.at, tz, lang));
  else if (status.kind === 'dirty') text = t.unsaved;
  else if (status.kind === 'error') {
    cls += ' ed-autosave--error';
    const why = otherSaved ? t.otherSaved : status.status === 401 ? t.signedOut : status.status === 0 ? t.offline : (status.message ?? '');
    text = `${t.notSaved}${why ? ` — ${why}` : ''}`;
  } else text = t.savedAt(shortTime(lastSavedAt, tz, lang));
  return (
    <span className={cls}>
      <span role="status" aria-live="polite" data-autosave={status.kind}>
        {text}
      </span>
      {status.kind === 'error' && (
        <button type="button" className="adm-button adm-button--small" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </span>
  );
}

export function PostEditor({ data, siteUrl, links }: { data: EditorData; siteUrl: string; links: EditorLinks }) {
  const { lang, timeZone: tz, permissions } = data;
  const t = editorT(lang);
  const id = data.post.id;

  const [fields, setFields] = useState<EditorFields>(data.fields);
  // Said once when inserting an embed switched the post from Markdown to MDX.
  const [formatNote, setFormatNote] = useState<string | null>(null);
  const fieldsRef = useRef(fields);
  const [version, setVersion] = useState(data.post.version);
  const versionRef = useRef(version);
  const [status, setStatus] = useState<PostStatus>(data.post.status);
  const [postUrl, setPostUrl] = useState(data.post.url);
  // The fields as last saved: the base of a three-way merge when a save is refused.
  const savedRef = useRef<EditorFields>(data.saved);
  const setSaved = useCallback((f: EditorFields) => {
    savedRef.current = f;
  }, []);
  const [draftSavedAt, setDraftSavedAt] = useState(data.draftSavedAt);
  const [lastSavedAt, setLastSavedAt] = useState(data.post.updatedAt);
  const [auto, setAuto] = useState<AutosaveStatus>(data.draftSavedAt ? { kind: 'saved', at: data.draftSavedAt } : { kind: 'idle' });
  const [otherSaved, setOtherSaved] = useState(false);
  const [busy, setBusy] = useState<SaveIntent | 'discard' | null>(null);
  const busyRef = useRef(false);
  const [flash, setFlash] = useState<Flash | null>(null);
  const [fieldErrors, setFieldErrorsState] = useState<Record<string, string[]>>({});
  const fieldErrorsRef = useRef(fieldErrors);
  const setFieldErrors = useCallback((e: Record<string, string[]>) => {
    fieldErrorsRef.current = e;
    setFieldErrorsState(e);
  }, []);
  const [saveDiagnostics, setSaveDiagnostics] = useState<Diagnostic[]>([]);
  const [previewDiagnostics, setPreviewDiagnostics] = useState<Diagnostic[]>([]);
  const [conflict, setConflict] = useState<OpenConflict | null>(null);
  const [undoMine, setUndoMine] = useState<EditorFields | null>(null);
  const [layout, setLayout] = useState<Layout>('split');
  const [sidebarOpen, setSidebarOpen] = useState(true);
  const [slugAuto, setSlugAuto] = useState(false);
  const slugAutoRef = useRef(false);
  const composing = useRef({ dom: false, editor: false });
  const flashRef = useRef<HTMLDivElement>(null);

  const neverPublished = data.saved.publishedAt === null && data.post.status === 'draft' && data.post.url === null;

  const autosaver = useMemo(
    () =>
      new Autosaver({
        delayMs: AUTOSAVE_DELAY_MS,
        onStatus: setAuto,
        send: async () => {
          const r = await api<{ draftSavedAt: string }>('POST', postApi(id, 'autosave'), { version: versionRef.current, fields: fieldsRef.current });
          if (r.ok && r.data) {
            setDraftSavedAt(r.data.draftSavedAt);
            setOtherSaved(false);
            return { ok: true, at: r.data.draftSavedAt };
          }
          setOtherSaved(r.status === 409);
          return { ok: false, status: r.status, message: r.error };
        },
      }),
    [id],
  );
  useEffect(() => () => autosaver.dispose(), [autosaver]);

  const replaceFields = useCallback((next: EditorFields) => {
    fieldsRef.current = next;
    setFields(next);
  }, []);

  const set: SetField = useCallback(
    (field, value) => {
      const prev = fieldsRef.current;
      if (prev[field] === value) return;
      replaceFields({ ...prev, [field]: value });
      if (field === 'source') setSaveDiagnostics([]);
      if (fieldErrorsRef.current[field]?.length) setFieldErrors({ ...fieldErrorsRef.current, [field]: [] });
      // Someone who may only view the post is not sent to the server with every keystroke to be refused.
      if (permissions.change) autosaver.changed();
    },
    [autosaver, replaceFields, setFieldErrors, permissions.change],
  );

  const setComposing = useCallback(
    (part: 'dom' | 'editor', on: boolean) => {
      composing.current[part] = on;
      autosaver.setComposing(composing.current.dom || composing.current.editor);
    },
    [autosaver],
  );

  // Straight from the add page: the cursor goes to the body (the title is written), once CodeMirror is there.
  useEffect(() => {
    let key: string | null = null;
    try {
      key = sessionStorage.getItem(FOCUS_KEY);
      if (key === String(id)) sessionStorage.removeItem(FOCUS_KEY);
    } catch {
      return;
    }
    if (key !== String(id)) return;
    let tries = 0;
    const timer = setInterval(() => {
      const el = document.getElementById('ed-source');
      if (el || ++tries > 100) clearInterval(timer);
      el?.focus();
    }, 50);
    return () => clearInterval(timer);
  }, [id]);

  // The author's layout, as they left it.
  useEffect(() => {
    const l = localStorage.getItem(LAYOUT_KEY);
    if (l === 'editor' || l === 'split' || l === 'preview') setLayout(l);
    if (window.matchMedia('(max-width: 60rem)').matches) setSidebarOpen(false);
  }, []);
  const chooseLayout = (l: Layout) => {
    setLayout(l);
    try {
      localStorage.setItem(LAYOUT_KEY, l);
    } catch {
      // private mode
    }
  };

  // ---- slug from the title, while the post was never published
  const fetchSlug = useCallback(
    async (title: string): Promise<string | null> => {
      if (!title.trim()) return null;
      const r = await api<{ slug: string }>('GET', `/admin/api/blog/slug?title=${encodeURIComponent(title)}&id=${id}`);
      return r.ok && r.data ? r.data.slug : null;
    },
    [id],
  );
  useEffect(() => {
    if (!neverPublished) return;
    let live = true;
    // Automatic while the slug is what the title would give (or empty): a slug the author typed is left alone.
    void fetchSlug(fieldsRef.current.title).then((slug) => {
      if (!live) return;
      const auto = !fieldsRef.current.slug || slug === fieldsRef.current.slug;
      slugAutoRef.current = auto;
      setSlugAuto(auto);
    });
    return () => {
      live = false;
    };
  }, [neverPublished, fetchSlug]);
  useEffect(() => {
    if (!slugAutoRef.current) return;
    const title = fields.title;
    const timer = setTimeout(async () => {
      const slug = await fetchSlug(title);
      if (slug && slugAutoRef.current && fieldsRef.current.title === title) set('slug', slug);
    }, 400);
    return () => clearTimeout(timer);
  }, [fields.title, fetchSlug, set]);
  const onSlugEdited = useCallback(() => {
    slugAutoRef.current = false;
    setSlugAuto(false);
  }, []);
  const onSlugFromTitle = useCallback(async () => {
    const slug = await fetchSlug(fieldsRef.current.title);
    if (slug) set('slug', slug);
    slugAutoRef.current = neverPublished;
    setSlugAuto(neverPublished);
  }, [fetchSlug, set, neverPublished]);

  // ---- leaving the page: the unsaved draft goes out in a beacon
  useEffect(() => {
    let beaconSeq = -1;
    const leave = () => {
      if (!autosaver.dirty || busyRef.current || autosaver.changeSeq === beaconSeq) return;
      beaconSeq = autosaver.changeSeq;
      sendAutosaveBeacon(id, { version: versionRef.current, fields: fieldsRef.current });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') leave();
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // A beacon cannot carry a very long post, and a save in flight may not finish: ask before leaving then.
      const tooBig = autosaver.dirty && JSON.stringify(fieldsRef.current).length > BEACON_BUDGET;
      if (busyRef.current || tooBig) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('pagehide', leave);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [autosaver, id]);

  const showFlash = useCallback((f: Flash | null) => {
    setFlash(f);
    if (f?.kind === 'error') requestAnimationFrame(() => flashRef.current?.focus());
  }, []);

  // ---- save, publish, schedule, unpublish
  const save = useCallback(
    async (intent: SaveIntent, override?: { fields: EditorFields; version: number }) => {
      if (busyRef.current) return;
      busyRef.current = true;
      setBusy(intent);
      await autosaver.pause();
      const seq = autosaver.changeSeq;
      let sent = override?.fields ?? fieldsRef.current;
      // "Publish now" for a post whose time is in the future publishes it now, not at that time.
      if (intent === 'publish' && sent.publishedAt && Date.parse(sent.publishedAt) > Date.now()) sent = { ...sent, publishedAt: new Date().toISOString() };
      const body: SaveRequest = { version: override?.version ?? versionRef.current, intent, fields: sent };
      try {
        const r = await api<SaveResult>('POST', postApi(id, 'save'), body);
        if (r.ok && r.data) {
          const res = r.data;
          const stored: EditorFields = res.fields ?? { ...sent, slug: res.slug, publishedAt: sent.publishedAt ?? (res.status !== 'draft' ? res.savedAt : null) };
          versionRef.current = res.version;
          setVersion(res.version);
          setStatus(res.status);
          setPostUrl(res.url);
          setSaved(stored);
          setDraftSavedAt(null);
          setLastSavedAt(res.savedAt);
          setOtherSaved(false);
          // What the server settled (the unique slug, the publication time) replaces what was sent, unless the author
          // changed that field again while the save was on its way.
          const now = fieldsRef.current;
          const next = { ...now };
          for (const k of Object.keys(stored) as (keyof EditorFields)[]) {
            if (JSON.stringify(now[k]) === JSON.stringify(sent[k])) (next as unknown as Record<string, unknown>)[k] = stored[k];
          }
          replaceFields(next);
          autosaver.markSaved(seq, res.savedAt);
          setFieldErrors({});
          setSaveDiagnostics([]);
          setConflict(null);
          const when = stored.publishedAt ? longTime(stored.publishedAt, tz, lang) : '';
          showFlash({
            kind: 'success',
            text: intent === 'publish' ? t.publishedOk : intent === 'schedule' ? t.scheduledOk(when) : intent === 'unpublish' ? t.unpublishedOk : t.savedOk,
          });
          return;
        }
        if (r.status === 409 && r.body && typeof r.body === 'object' && 'conflict' in r.body) {
          setConflict({ conflict: (r.body as ConflictBody).conflict, intent, mine: sent, base: savedRef.current });
          setFlash(null);
          return;
        }
        if (r.status === 400 && r.body && typeof r.body === 'object' && Array.isArray((r.body as ValidationBody).errors)) {
          const v = r.body as ValidationBody;
          const byField: Record<string, string[]> = {};
          const diags: Diagnostic[] = [];
          for (const e of v.errors) {
            (byField[e.field] ??= []).push(e.message);
            if (e.field === 'source' && e.line) diags.push({ line: e.line, column: e.column, message: e.message, kind: 'syntax' });
          }
          setFieldErrors(byField);
          setSaveDiagnostics(diags);
          showFlash({
            kind: 'error',
            text: v.error || t.fixErrors,
            items: v.errors.map((e) => `${fieldLabel(t, e.field)}${e.line ? ` (${t.line(e.line)})` : ''}: ${e.message}`),
          });
          return;
        }
        showFlash({ kind: 'error', text: r.status === 401 ? t.signedOut : r.status === 403 ? (r.error ?? t.forbidden) : r.status === 0 ? t.offline : (r.error ?? t.notSaved) });
      } finally {
        busyRef.current = false;
        setBusy(null);
        autosaver.resume();
      }
    },
    [autosaver, id, lang, replaceFields, setSaved, setFieldErrors, showFlash, t, tz],
  );

  const resolveConflict = useCallback(
    (resolved: EditorFields, then: 'save' | 'edit', kind: 'mine' | 'theirs' | 'merge') => {
      if (!conflict) return;
      const theirs = conflict.conflict;
      versionRef.current = theirs.version;
      setVersion(theirs.version);
      setSaved(theirs.fields);
      setUndoMine(kind === 'theirs' ? conflict.mine : null);
      replaceFields(resolved);
      const intent = conflict.intent;
      setConflict(null);
      if (then === 'save') void save(intent, { fields: resolved, version: theirs.version });
      else autosaver.changed();
    },
    [conflict, replaceFields, save, autosaver, setSaved],
  );

  const discard = useCallback(async () => {
    if (busyRef.current || !window.confirm(t.discardConfirm)) return;
    busyRef.current = true;
    setBusy('discard');
    await autosaver.pause();
    const seq = autosaver.changeSeq;
    try {
      const r = await api<{ fields: EditorFields }>('POST', postApi(id, 'discard'));
      if (r.ok && r.data) {
        replaceFields(r.data.fields);
        setSaved(r.data.fields);
        setDraftSavedAt(null);
        autosaver.markSaved(seq);
        showFlash({ kind: 'info', text: t.discardedOk });
      } else showFlash({ kind: 'error', text: r.status === 0 ? t.offline : (r.error ?? t.notSaved) });
    } finally {
      busyRef.current = false;
      setBusy(null);
      autosaver.resume();
    }
  }, [autosaver, id, replaceFields, setSaved, showFlash, t]);

  const future = !!fields.publishedAt && Date.parse(fields.publishedAt) > Date.now();
  const primary: SaveIntent = status === 'draft' && permissions.publish ? (future ? 'schedule' : 'publish') : 'save';

  // Ctrl+S / ⌘S: the plain save (a draft stays a draft, a published post is updated).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (!conflict && permissions.change) void save('save');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, conflict, permissions.change]);

  const diagnostics = useMemo(() => {
    const seen = new Set<string>();
    return [...saveDiagnostics, ...previewDiagnostics].filter((d) => {
      const k = `${d.line}:${d.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }, [saveDiagnostics, previewDiagnostics]);

  const upload = useMemo(() => (permissions.uploadMedia ? (file: File) => uploadMedia(file, { filename: file.name }) : undefined), [permissions.uploadMedia]);
  const onSource = useCallback((v: string) => set('source', v), [set]);
  const onEditorComposing = useCallback((c: boolean) => setComposing('editor', c), [setComposing]);

  const button = (intent: SaveIntent, label: string, kind: 'primary' | 'plain' | 'danger' = 'plain', disabled = false) => (
    <button
      type="button"
      className={`adm-button${kind === 'primary' ? ' adm-button--primary' : kind === 'danger' ? ' ed-button--danger' : ''}`}
      disabled={!!busy || !!conflict || disabled || !permissions.change}
      aria-busy={busy === intent || undefined}
      data-intent={intent}
      onClick={() => void save(intent)}
    >
      {busy === intent ? t.saving : label}
    </button>
  );

  return (
    <div
      className={`ed ed--${layout}${sidebarOpen ? '' : ' ed--nosidebar'}`}
      onCompositionStartCapture={() => setComposing('dom', true)}
      onCompositionEndCapture={() => setComposing('dom', false)}
    >
      <h1 className="adm-visually-hidden">{t.editPost}</h1>
      <div className="ed-bar" role="region" aria-label={t.actions}>
        <div className="ed-bar-state">
          <span className={`ed-badge ed-badge--${status}`} data-status={status}>
            {status === 'published' ? t.statusPublished : status === 'scheduled' ? t.statusScheduled : t.statusDraft}
          </span>
          <AutosaveLine t={t} status={auto} tz={tz} lang={lang} onRetry={() => void autosaver.flush()} otherSaved={otherSaved} lastSavedAt={lastSavedAt} />
        </div>
        <div className="ed-bar-actions">
          {draftSavedAt && permissions.change && (
            <button type="button" className="adm-button adm-button--small ed-linkish" onClick={() => void discard()} disabled={!!busy || !!conflict}>
              {t.discardDraft}
            </button>
          )}
          {status === 'draft' && (
            <>
              {button('save', t.saveDraft, permissions.publish ? 'plain' : 'primary')}
              {permissions.publish && (future ? button('schedule', t.schedule, 'primary') : button('publish', t.publish, 'primary'))}
            </>
          )}
          {status === 'published' && (
            <>
              {permissions.publish && button('unpublish', t.unpublish)}
              {button('save', t.update, 'primary')}
            </>
          )}
          {status === 'scheduled' && (
            <>
              {permissions.publish && button('unpublish', t.unschedule)}
              {permissions.publish && button('publish', t.publishNow)}
              {button('save', t.save, 'primary')}
            </>
          )}
        </div>
      </div>

      <div ref={flashRef} tabIndex={-1} className="ed-flash-slot">
        {flash && (
          <div className={`adm-msg adm-msg--${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'}>
            <span>{flash.text}</span>
            {flash.items && flash.items.length > 0 && (
              <ul className="ed-flash-items">
                {flash.items.map((it, i) => (
                  <li key={i}>{it}</li>
                ))}
              </ul>
            )}
            {flash.kind === 'success' && postUrl && (
              <>
                {' '}
                <a href={postUrl} target="_blank" rel="noopener">
                  {t.viewPost} ↗
                </a>
              </>
            )}
          </div>
        )}
        {!permissions.change && <p className="adm-msg adm-msg--info ed-note">{t.viewOnly}</p>}
        {permissions.change && !permissions.publish && status === 'draft' && <p className="adm-msg adm-msg--info ed-note">{t.noPublishRight}</p>}
        {draftSavedAt && status === 'published' && !flash && <p className="adm-msg adm-msg--info ed-note">{t.draftDiffers}</p>}
        {undoMine && (
          <p className="adm-msg adm-msg--info ed-note">
            {t.takeTheirs} ✓{' '}
            <button
              type="button"
              className="adm-button adm-button--small"
              onClick={() => {
                replaceFields(undoMine);
                setUndoMine(null);
                autosaver.changed();
              }}
            >
              {t.mine} ↺
            </button>
          </p>
        )}
      </div>

      {conflict && (
        <ConflictView t={t} lang={lang} data={data} base={conflict.base} mine={conflict.mine} conflict={conflict.conflict} busy={!!busy} onResolve={resolveConflict} />
      )}

      <div className="ed-body" hidden={!!conflict}>
        <div className="ed-main">
          <div className={`ed-titlefield${fieldErrors.title?.length ? ' adm-field--error' : ''}`}>
            <label htmlFor="ed-title" className="adm-visually-hidden">
              {t.titleLabel}
            </label>
            <input
              id="ed-title"
              className="ed-title"
              type="text"
              value={fields.title}
              placeholder={t.titlePlaceholder}
              onChange={(e) => set('title', e.target.value)}
              aria-invalid={fieldErrors.title?.length ? true : undefined}
              aria-describedby={fieldErrors.title?.length ? 'ed-title-err' : undefined}
              autoComplete="off"
            />
            {fieldErrors.title?.length ? (
              <ul className="adm-errorlist" id="ed-title-err">
                {fieldErrors.title.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            ) : null}
          </div>

          <div className="ed-tools">
            <div className="ed-seg" role="group" aria-label={t.layout}>
              {(
                [
                  ['editor', t.layoutEditor],
                  ['split', t.layoutSplit],
                  ['preview', t.layoutPreview],
                ] as const
              ).map(([value, label]) => (
                <button key={value} type="button" aria-pressed={layout === value} className={layout === value ? 'is-on' : undefined} onClick={() => chooseLayout(value)}>
                  {label}
                </button>
              ))}
            </div>
            <span className="adm-meta ed-tools-hint">{t.shortcutSave}</span>
            <button type="button" className="adm-button adm-button--small ed-sidebar-toggle" aria-expanded={sidebarOpen} aria-controls="ed-sidebar" onClick={() => setSidebarOpen((o) => !o)}>
              {sidebarOpen ? t.hideSettings : t.showSettings}
            </button>
          </div>

          <div className="ed-panes">
            <div className="ed-source" hidden={layout === 'preview'}>
              <SourceEditor
                value={fields.source}
                onChange={onSource}
                diagnostics={diagnostics}
                embeds={data.embeds}
                onEmbedInserted={() => {
                  // Embeds run only in MDX: inserting one switches a Markdown post over (and says so).
                  if ((fieldsRef.current.format ?? 'mdx') !== 'mdx') {
                    set('format', 'mdx');
                    setFormatNote(t.formatSwitched);
                  }
                }}
                lang={lang}
                upload={upload}
                onComposingChange={onEditorComposing}
                id="ed-source"
                ariaLabel={t.sourceLabel}
              />
              {formatNote ? (
                <p className="adm-help" role="status">
                  {formatNote}
                </p>
              ) : null}
              {fieldErrors.source?.length ? (
                <ul className="adm-errorlist ed-source-errors">
                  {fieldErrors.source.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              ) : null}
            </div>
            {layout !== 'editor' && (
              <section className="ed-preview" aria-label={t.previewLabel}>
                <PreviewPane source={fields.source} format={fields.format ?? 'mdx'} lang={lang} fullWidth={layout === 'preview'} onDiagnostics={setPreviewDiagnostics} />
              </section>
            )}
          </div>
        </div>

        <aside id="ed-sidebar" className="ed-sidebar" aria-label={t.settings} hidden={!sidebarOpen}>
          <SettingsSidebar
            t={t}
            lang={lang}
            data={data}
            fields={fields}
            set={set}
            status={status}
            siteUrl={siteUrl}
            errors={fieldErrors}
            slugAuto={slugAuto}
            onSlugEdited={onSlugEdited}
            onSlugFromTitle={() => void onSlugFromTitle()}
            neverPublished={neverPublished}
          />
          <nav className="ed-links" aria-label={t.revisions}>
            <ul>
              {postUrl && (
                <li>
                  <a href={postUrl} target="_blank" rel="noopener">
                    {t.viewPost} ↗
                  </a>
                </li>
              )}
              <li>
                <a href={links.revisions}>{t.revisions}</a>
              </li>
              <li>
                <a href={links.history}>{t.history}</a>
              </li>
              {links.delete && (
                <li>
                  <a className="ed-danger-link" href={links.delete}>
                    {t.delete}
                  </a>
                </li>
              )}
            </ul>
            <p className="adm-meta">
              {t.updatedAt(longTime(lastSavedAt, tz, lang))}
              {data.post.authorName ? ` · ${t.author(data.post.authorName)}` : ''}
              {` · v${version}`}
            </p>
          </nav>
        </aside>
      </div>
    </div>
  );
}

'use client';
// The media library's grid: search (as you type), upload (pick or drop files), alt text, "used in", copy as
// Markdown, delete (a refusal names the posts that use the file). Talks to /admin/api/media…; the page's first
// render comes from the server.
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { MediaItem } from '../service';
import { errorOf, uploadMedia } from '../upload.client';

type Lang = 'ko' | 'en';
interface ListPage {
  items: MediaItem[];
  total: number;
  page: number;
  pages: number;
  q: string;
}

const T = {
  ko: {
    search: '파일 이름이나 대체 텍스트로 찾기',
    searchButton: '찾기',
    upload: '이미지 올리기',
    uploadHint: '여기에 이미지를 끌어다 놓거나 파일을 고르세요. JPEG·PNG·WebP·GIF·AVIF (SVG는 받지 않습니다). 위치 정보 등 메타데이터는 지워집니다.',
    altForUpload: '올릴 이미지의 대체 텍스트(선택)',
    uploading: (n: number, of: number) => `올리는 중… (${n}/${of})`,
    uploaded: (n: number) => `${n}개를 올렸습니다.`,
    total: (n: number) => `모두 ${n}개`,
    none: '이미지가 없습니다.',
    noMatch: '찾는 이미지가 없습니다.',
    alt: '대체 텍스트',
    save: '저장',
    saved: '대체 텍스트를 저장했습니다.',
    usedIn: '사용하는 글',
    unused: '사용하는 글 없음',
    copy: '마크다운 복사',
    copied: '마크다운을 복사했습니다.',
    del: '삭제',
    confirmDelete: (name: string) => `“${name}”을(를) 지울까요? 되돌릴 수 없습니다.`,
    deleted: (name: string) => `“${name}”을(를) 지웠습니다.`,
    prev: '이전',
    next: '다음',
    pageOf: (p: number, n: number) => `${p} / ${n} 쪽`,
    open: '원본 보기',
  },
  en: {
    search: 'Find by file name or alt text',
    searchButton: 'Search',
    upload: 'Upload images',
    uploadHint: 'Drop images here or pick files. JPEG, PNG, WebP, GIF, AVIF (SVG is refused). Location and other metadata are removed.',
    altForUpload: 'Alt text for the upload (optional)',
    uploading: (n: number, of: number) => `Uploading… (${n}/${of})`,
    uploaded: (n: number) => `Uploaded ${n} file(s).`,
    total: (n: number) => `${n} in all`,
    none: 'No images yet.',
    noMatch: 'No image matches.',
    alt: 'Alt text',
    save: 'Save',
    saved: 'Alt text saved.',
    usedIn: 'Used in',
    unused: 'Not used in any post',
    copy: 'Copy Markdown',
    copied: 'Markdown copied.',
    del: 'Delete',
    confirmDelete: (name: string) => `Delete “${name}”? This cannot be undone.`,
    deleted: (name: string) => `Deleted “${name}”.`,
    prev: 'Previous',
    next: 'Next',
    pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
    open: 'Open original',
  },
} as const;

function bytes(n: number, lang: Lang) {
  const fmt = new Intl.NumberFormat(lang === 'en' ? 'en' : 'ko', { maximumFractionDigits: 1 });
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${fmt.format(n / 1024)} KB`;
  return `${fmt.format(n / 1024 / 1024)} MB`;
}

async function api<R>(url: string, init?: RequestInit): Promise<R> {
  const res = await fetch(url, { credentials: 'same-origin', ...init });
  if (!res.ok) {
    const err = new Error(await errorOf(res.clone())) as Error & { body?: unknown };
    err.body = await res.json().catch(() => null);
    throw err;
  }
  return (await res.json()) as R;
}

function Card({ item, lang, canChange, canDelete, onChanged, onDeleted, announce }: { item: MediaItem; lang: Lang; canChange: boolean; canDelete: boolean; onChanged(item: MediaItem): void; onDeleted(item: MediaItem): void; announce(text: string): void }) {
  const t = T[lang];
  const id = useId();
  const [alt, setAlt] = useState(item.alt);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; usedBy?: MediaItem['usedBy'] } | null>(null);
  useEffect(() => setAlt(item.alt), [item.alt]);

  const saveAlt = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onChanged(await api<MediaItem>(`/admin/api/media/${item.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ alt }) }));
      announce(t.saved);
    } catch (err) {
      setError({ text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!window.confirm(t.confirmDelete(item.filename))) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/admin/api/media/${item.id}`, { method: 'DELETE' });
      announce(t.deleted(item.filename));
      onDeleted(item);
    } catch (err) {
      const body = (err as Error & { body?: { usedBy?: MediaItem['usedBy'] } }).body;
      setError({ text: (err as Error).message, usedBy: body?.usedBy });
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(item.markdown);
      announce(t.copied);
    } catch {
      window.prompt(t.copy, item.markdown);
    }
  };

  return (
    <li className="mlib-card" aria-labelledby={`${id}-name`} data-media-id={item.id}>
      <a className="mlib-thumb" href={item.url} target="_blank" rel="noreferrer" title={t.open}>
        {/* eslint-disable-next-line @next/next/no-img-element -- uploads are served as files, with their own variants */}
        <img src={item.thumbUrl} alt={item.alt} width={item.width} height={item.height} loading="lazy" decoding="async" />
      </a>
      <div className="mlib-body">
        <p className="mlib-name" id={`${id}-name`} title={item.filename}>
          {item.filename}
        </p>
        <p className="mlib-meta">
          {item.width}×{item.height} · {bytes(item.size, lang)} · {item.mime.replace('image/', '').toUpperCase()}
        </p>
        {canChange ? (
          <form className="mlib-alt" onSubmit={saveAlt}>
            <label htmlFor={`${id}-alt`}>{t.alt}</label>
            <div className="mlib-row">
              <input id={`${id}-alt`} type="text" value={alt} maxLength={1000} onChange={(e) => setAlt(e.target.value)} />
              <button type="submit" className="adm-button adm-button--small" disabled={busy || alt === item.alt}>
                {t.save}
              </button>
            </div>
          </form>
        ) : (
          item.alt && <p className="mlib-meta">{item.alt}</p>
        )}
        <div className="mlib-usage">
          {item.usedBy.length ? (
            <>
              <span className="mlib-label">{t.usedIn}</span>
              <ul>
                {item.usedBy.map((u) => (
                  <li key={`${u.id}`}>
                    <a href={u.editUrl}>{u.title || `#${u.id}`}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <span className="mlib-label mlib-label--muted">{t.unused}</span>
          )}
        </div>
        {error && (
          <div className="mlib-error" role="alert">
            <p>{error.text}</p>
            {error.usedBy && error.usedBy.length > 0 && (
              <ul>
                {error.usedBy.map((u) => (
                  <li key={`${u.id}`}>
                    <a href={u.editUrl}>{u.title || `#${u.id}`}</a>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="mlib-actions">
          <button type="button" className="adm-button adm-button--small" onClick={copy}>
            {t.copy}
          </button>
          {canDelete && (
            <button type="button" className="adm-button adm-button--small adm-button--danger" onClick={remove} disabled={busy} aria-label={`${t.del}: ${item.filename}`}>
              {t.del}
            </button>
          )}
        </div>
      </div>
    </li>
  );
}

export function MediaLibrary({ lang, initial, permissions }: { lang: Lang; initial: ListPage; permissions: { add: boolean; change: boolean; delete: boolean } }) {
  const t = T[lang];
  const [data, setData] = useState<ListPage>(initial);
  const [q, setQ] = useState(initial.q);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [dragging, setDragging] = useState(false);
  const [uploadAlt, setUploadAlt] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const request = useRef<AbortController | null>(null);
  const ids = useId();

  const load = useCallback(async (query: string, page: number) => {
    request.current?.abort();
    const ctrl = new AbortController();
    request.current = ctrl;
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    if (page > 1) params.set('page', String(page));
    try {
      const next = await api<ListPage>(`/admin/api/media${params.size ? `?${params}` : ''}`, { signal: ctrl.signal });
      setData(next);
      setError('');
      window.history.replaceState(null, '', `${window.location.pathname}${params.size ? `?${params}` : ''}`);
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setError((err as Error).message);
    }
  }, []);

  // Search as you type, a moment after the last key.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => void load(q.trim(), 1), 250);
    return () => clearTimeout(timer);
  }, [q, load]);

  const upload = async (files: File[]) => {
    if (!files.length) return;
    setError('');
    let done = 0;
    const failures: string[] = [];
    for (const file of files) {
      setStatus(t.uploading(done + 1, files.length));
      try {
        await uploadMedia(file, { filename: file.name, alt: uploadAlt.trim() || undefined });
        done++;
      } catch (err) {
        failures.push(`${file.name}: ${(err as Error).message}`);
      }
    }
    setStatus(done ? t.uploaded(done) : '');
    if (failures.length) setError(failures.join('\n'));
    if (done) {
      setUploadAlt('');
      setQ('');
      await load('', 1);
    }
    if (fileRef.current) fileRef.current.value = '';
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (permissions.add) void upload([...e.dataTransfer.files]);
  };

  return (
    <div className="mlib">
      <div className="mlib-top">
        <form
          className="mlib-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            void load(q.trim(), 1);
          }}
        >
          <label htmlFor={`${ids}-q`} className="adm-visually-hidden">
            {t.search}
          </label>
          <input id={`${ids}-q`} type="search" name="q" value={q} placeholder={t.search} onChange={(e) => setQ(e.target.value)} />
          <button type="submit" className="adm-button">
            {t.searchButton}
          </button>
        </form>
        <p className="mlib-total">{t.total(data.total)}</p>
      </div>

      {permissions.add && (
        <div
          className={`mlib-drop${dragging ? ' mlib-drop--active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p id={`${ids}-hint`}>{t.uploadHint}</p>
          <div className="mlib-row">
            <label className="adm-button adm-button--primary mlib-pick">
              {t.upload}
              <input ref={fileRef} type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" multiple aria-describedby={`${ids}-hint`} onChange={(e) => void upload([...(e.target.files ?? [])])} />
            </label>
            <label htmlFor={`${ids}-alt`} className="adm-visually-hidden">
              {t.altForUpload}
            </label>
            <input id={`${ids}-alt`} type="text" value={uploadAlt} placeholder={t.altForUpload} maxLength={1000} onChange={(e) => setUploadAlt(e.target.value)} />
          </div>
        </div>
      )}

      <p className="mlib-status" role="status" aria-live="polite">
        {status}
      </p>
      {error && (
        <p className="mlib-error mlib-error--top" role="alert">
          {error}
        </p>
      )}

      {data.items.length === 0 ? (
        <p className="mlib-empty">{data.q ? t.noMatch : t.none}</p>
      ) : (
        <ul className="mlib-grid">
          {data.items.map((item) => (
            <Card
              key={item.id}
              item={item}
              lang={lang}
              canChange={permissions.change}
              canDelete={permissions.delete}
              announce={setStatus}
              onChanged={(changed) => setData((d) => ({ ...d, items: d.items.map((i) => (i.id === changed.id ? changed : i)) }))}
              onDeleted={() => void load(data.q, data.page)}
            />
          ))}
        </ul>
      )}

      {data.pages > 1 && (
        <nav className="mlib-pages" aria-label={t.pageOf(data.page, data.pages)}>
          <button type="button" className="adm-button" disabled={data.page <= 1} onClick={() => void load(data.q, data.page - 1)}>
            {t.prev}
          </button>
          <span>{t.pageOf(data.page, data.pages)}</span>
          <button type="button" className="adm-button" disabled={data.page >= data.pages} onClick={() => void load(data.q, data.page + 1)}>
            {t.next}
          </button>
        </nav>
      )}
    </div>
  );
}

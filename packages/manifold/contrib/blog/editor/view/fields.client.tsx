'use client';
// The editor's settings sidebar: status and publication time (in the site's time zone), address, category and tags,
// summary, cover image, series, SEO with a search-result preview, and the "updated" date. Every control is labelled;
// the parent holds the fields and autosaves them.
import { useId, useRef, useState, type ReactNode } from 'react';
import type { EditorData, EditorFields, PostStatus } from '../types';
import { uploadMedia } from '../../../media/upload.client';
import type { EditorDict, EditorLang } from './i18n';
import { isoToLocalInput, localInputToIso, longTime } from './time';
import { TagPicker } from './tags.client';

export type SetField = <K extends keyof EditorFields>(field: K, value: EditorFields[K]) => void;

/** Characters as a reader counts them (a Hangul syllable or an emoji is one). */
export function charCount(text: string): number {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    let n = 0;
    for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n++;
    return n;
  }
  return [...text].length;
}

/** A collapsible section; `open` is where it starts (the author's toggling is theirs, never undone by a field change). */
function Panel({ title, children, open = true }: { title: string; children: ReactNode; open?: boolean }) {
  const [isOpen, setOpen] = useState(open);
  return (
    <details className="ed-panel" open={isOpen} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2>{title}</h2>
      </summary>
      <div className="ed-panel-body">{children}</div>
    </details>
  );
}

function Count({ t, n, max }: { t: EditorDict; n: number; max?: number }) {
  const over = max !== undefined && n > max;
  return (
    <span className={`ed-count${over ? ' ed-count--over' : ''}`} aria-live="polite">
      {t.chars(n, max)}
      {over && <span className="adm-visually-hidden"> {t.tooLong}</span>}
    </span>
  );
}

/** The first words of the source as plain text: what a search engine would show when no summary is given. */
function plainStart(source: string, max = 170): string {
  const text = source
    .replace(/^---[\s\S]*?---/, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#+\s.*$/gm, ' ')
    .replace(/[*_`>#|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function SeoPreview({ t, fields, siteUrl }: { t: EditorDict; fields: EditorFields; siteUrl: string }) {
  const title = fields.seoTitle?.trim() || fields.title.trim() || t.titlePlaceholder;
  const description = fields.seoDescription?.trim() || fields.excerpt.trim() || plainStart(fields.source);
  let host = siteUrl;
  try {
    host = new URL(siteUrl).host;
  } catch {
    // keep as given
  }
  const shortTitle = charCount(title) > 60 ? `${[...title].slice(0, 58).join('')}…` : title;
  const shortDesc = charCount(description) > 160 ? `${[...description].slice(0, 157).join('')}…` : description;
  return (
    <figure className="ed-serp" aria-label={t.searchPreview}>
      <figcaption className="ed-serp-caption">{t.searchPreview}</figcaption>
      <div className="ed-serp-url">
        <span className="ed-serp-host">{host}</span> › posts › {fields.slug || '…'}
      </div>
      <div className="ed-serp-title">{shortTitle}</div>
      <div className="ed-serp-desc">{shortDesc || '—'}</div>
    </figure>
  );
}

function CoverField({ t, value, set, canUpload }: { t: EditorDict; value: string | null; set: SetField; canUpload: boolean }) {
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onFile(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const media = await uploadMedia(file, { filename: file.name });
      set('coverImage', media.url);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  }
  return (
    <div className="adm-field">
      <label htmlFor={`${id}-url`}>{t.coverUrl}</label>
      <input id={`${id}-url`} type="url" inputMode="url" value={value ?? ''} onChange={(e) => set('coverImage', e.target.value.trim() ? e.target.value : null)} placeholder="/media/…" />
      <div className="ed-row">
        {canUpload && (
          <>
            <input ref={fileRef} id={`${id}-file`} className="adm-visually-hidden" tabIndex={-1} aria-label={t.coverUpload} type="file" accept="image/png,image/jpeg,image/webp,image/gif,image/avif" onChange={(e) => onFile(e.target.files?.[0])} disabled={busy} />
            <button type="button" className="adm-button adm-button--small" onClick={() => fileRef.current?.click()} disabled={busy} aria-describedby={error ? `${id}-err` : undefined}>
              {busy ? t.coverUploading : t.coverUpload}
            </button>
          </>
        )}
        {value && (
          <button type="button" className="adm-button adm-button--small" onClick={() => set('coverImage', null)}>
            {t.coverRemove}
          </button>
        )}
      </div>
      {error && (
        <p id={`${id}-err`} className="adm-errorlist" role="alert">
          {error}
        </p>
      )}
      {value && /^(https?:\/\/|\/)/.test(value) && (
        // eslint-disable-next-line @next/next/no-img-element -- an author's arbitrary URL, not an optimisable asset
        <img className="ed-cover-preview" src={value} alt={t.coverAlt} loading="lazy" />
      )}
    </div>
  );
}

export interface SidebarProps {
  t: EditorDict;
  lang: EditorLang;
  data: EditorData;
  fields: EditorFields;
  set: SetField;
  status: PostStatus;
  siteUrl: string;
  /** Field errors of the last refused save, by field. */
  errors: Partial<Record<string, string[]>>;
  slugAuto: boolean;
  onSlugEdited: () => void;
  onSlugFromTitle: () => void;
  neverPublished: boolean;
}

function Errors({ list, id }: { list?: string[]; id: string }) {
  if (!list?.length) return null;
  return (
    <ul className="adm-errorlist" id={id}>
      {list.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

export function SettingsSidebar({ t, lang, data, fields, set, status, siteUrl, errors, slugAuto, onSlugEdited, onSlugFromTitle, neverPublished }: SidebarProps) {
  const id = useId();
  const tz = data.timeZone;
  const fieldClass = (name: string) => `adm-field${errors[name]?.length ? ' adm-field--error' : ''}`;
  const describe = (name: string, help?: string) => [help, errors[name]?.length ? `${id}-${name}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="ed-sidebar-inner">
      <Panel title={t.status}>
        <p className="ed-status-line">
          <span className={`ed-badge ed-badge--${status}`}>{status === 'published' ? t.statusPublished : status === 'scheduled' ? t.statusScheduled : t.statusDraft}</span>
          {status === 'scheduled' && fields.publishedAt && <span className="adm-meta">{t.scheduledFor(longTime(fields.publishedAt, tz, lang))}</span>}
        </p>
        <div className={fieldClass('publishedAt')}>
          <label htmlFor={`${id}-pub`}>{t.publishedAt}</label>
          <input
            id={`${id}-pub`}
            type="datetime-local"
            value={isoToLocalInput(fields.publishedAt, tz)}
            onChange={(e) => set('publishedAt', localInputToIso(e.target.value, tz))}
            aria-describedby={describe('publishedAt', `${id}-pub-help`)}
          />
          <div className="ed-row">
            <button type="button" className="adm-button adm-button--small" onClick={() => set('publishedAt', new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString())}>
              {t.now}
            </button>
            {fields.publishedAt && (
              <button type="button" className="adm-button adm-button--small" onClick={() => set('publishedAt', null)}>
                {t.clear}
              </button>
            )}
          </div>
          <p className="adm-help" id={`${id}-pub-help`}>
            {t.publishedAtHelp(tz)}
          </p>
          <Errors list={errors.publishedAt} id={`${id}-publishedAt-err`} />
          <Errors list={errors.status} id={`${id}-status-err`} />
        </div>
      </Panel>

      <Panel title={t.format}>
        <div className={fieldClass('format')}>
          <label htmlFor={`${id}-format`} className="adm-visually-hidden">
            {t.format}
          </label>
          <select id={`${id}-format`} value={fields.format ?? 'mdx'} onChange={(e) => set('format', e.target.value === 'markdown' ? 'markdown' : 'mdx')} aria-describedby={describe('format', `${id}-format-help`)}>
            <option value="markdown">{t.formatMarkdown}</option>
            <option value="mdx">{t.formatMdx}</option>
          </select>
          <p className="adm-help" id={`${id}-format-help`}>
            {t.formatHelp}
          </p>
          <Errors list={errors.format} id={`${id}-format-err`} />
        </div>
      </Panel>

      <Panel title={t.slug}>
        <div className={fieldClass('slug')}>
          <label htmlFor={`${id}-slug`} className="adm-visually-hidden">
            {t.slug}
          </label>
          <input
            id={`${id}-slug`}
            type="text"
            value={fields.slug}
            spellCheck={false}
            autoCapitalize="off"
            onChange={(e) => {
              onSlugEdited();
              set('slug', e.target.value);
            }}
            aria-describedby={describe('slug', `${id}-slug-help`)}
          />
          <div className="ed-row">
            <button type="button" className="adm-button adm-button--small" onClick={onSlugFromTitle} disabled={!fields.title.trim()}>
              {t.slugFromTitle}
            </button>
            {slugAuto && <span className="adm-meta">↻</span>}
          </div>
          <p className="adm-help" id={`${id}-slug-help`}>
            {neverPublished ? t.slugHelp : `${t.slugHelp} ${t.slugLocked}`}
          </p>
          <Errors list={errors.slug} id={`${id}-slug-err`} />
        </div>
      </Panel>

      <Panel title={`${t.category} · ${t.tags}`}>
        <div className={fieldClass('categoryId')}>
          <label htmlFor={`${id}-cat`}>{t.category}</label>
          <select id={`${id}-cat`} value={fields.categoryId ?? ''} onChange={(e) => set('categoryId', e.target.value ? Number(e.target.value) : null)} aria-describedby={describe('categoryId')}>
            <option value="">{t.noCategory}</option>
            {data.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {`${'\u00a0\u00a0'.repeat(c.depth)}${c.depth ? '└ ' : ''}${c.name}`}
              </option>
            ))}
          </select>
          <Errors list={errors.categoryId} id={`${id}-categoryId-err`} />
        </div>
        <div className={fieldClass('tags')}>
          <TagPicker t={t} value={fields.tags} onChange={(tags) => set('tags', tags)} canAdd={data.permissions.addTag} />
          <Errors list={errors.tags} id={`${id}-tags-err`} />
        </div>
      </Panel>

      <Panel title={t.summary}>
        <div className={fieldClass('excerpt')}>
          <label htmlFor={`${id}-excerpt`} className="adm-visually-hidden">
            {t.summary}
          </label>
          <textarea id={`${id}-excerpt`} className="ed-textarea" rows={4} value={fields.excerpt} onChange={(e) => set('excerpt', e.target.value)} aria-describedby={describe('excerpt', `${id}-excerpt-help`)} />
          <p className="adm-help ed-help-row" id={`${id}-excerpt-help`}>
            <span>{t.summaryHelp}</span> <Count t={t} n={charCount(fields.excerpt)} />
          </p>
          <Errors list={errors.excerpt} id={`${id}-excerpt-err`} />
        </div>
      </Panel>

      <Panel title={t.cover} open={!!fields.coverImage}>
        <CoverField t={t} value={fields.coverImage} set={set} canUpload={data.permissions.uploadMedia} />
        <Errors list={errors.coverImage} id={`${id}-coverImage-err`} />
      </Panel>

      <Panel title={t.series} open={fields.seriesId !== null}>
        <div className={fieldClass('seriesId')}>
          <label htmlFor={`${id}-series`}>{t.series}</label>
          <select id={`${id}-series`} value={fields.seriesId ?? ''} onChange={(e) => set('seriesId', e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t.noSeries}</option>
            {data.series.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
          <Errors list={errors.seriesId} id={`${id}-seriesId-err`} />
        </div>
        <div className={fieldClass('seriesOrder')}>
          <label htmlFor={`${id}-order`}>{t.seriesOrder}</label>
          <input
            id={`${id}-order`}
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={fields.seriesOrder ?? ''}
            disabled={fields.seriesId === null}
            onChange={(e) => set('seriesOrder', e.target.value === '' ? null : Math.max(1, Math.trunc(Number(e.target.value)) || 1))}
          />
          <Errors list={errors.seriesOrder} id={`${id}-seriesOrder-err`} />
        </div>
      </Panel>

      <Panel title={t.seo} open={!!(fields.seoTitle || fields.seoDescription)}>
        <div className={fieldClass('seoTitle')}>
          <label htmlFor={`${id}-seot`}>{t.seoTitle}</label>
          <input id={`${id}-seot`} type="text" value={fields.seoTitle ?? ''} placeholder={fields.title} onChange={(e) => set('seoTitle', e.target.value ? e.target.value : null)} aria-describedby={describe('seoTitle', `${id}-seot-help`)} />
          <p className="adm-help ed-help-row" id={`${id}-seot-help`}>
            <span>{t.seoTitleHelp}</span> <Count t={t} n={charCount(fields.seoTitle || fields.title)} max={60} />
          </p>
          <Errors list={errors.seoTitle} id={`${id}-seoTitle-err`} />
        </div>
        <div className={fieldClass('seoDescription')}>
          <label htmlFor={`${id}-seod`}>{t.seoDescription}</label>
          <textarea id={`${id}-seod`} className="ed-textarea" rows={3} value={fields.seoDescription ?? ''} placeholder={fields.excerpt} onChange={(e) => set('seoDescription', e.target.value ? e.target.value : null)} aria-describedby={describe('seoDescription', `${id}-seod-help`)} />
          <p className="adm-help ed-help-row" id={`${id}-seod-help`}>
            <span>{t.seoDescriptionHelp}</span> <Count t={t} n={charCount(fields.seoDescription || fields.excerpt)} max={160} />
          </p>
          <Errors list={errors.seoDescription} id={`${id}-seoDescription-err`} />
        </div>
        <SeoPreview t={t} fields={fields} siteUrl={siteUrl} />
      </Panel>

      <Panel title={t.revisedAt} open={!!fields.revisedAt}>
        <div className={fieldClass('revisedAt')}>
          <label htmlFor={`${id}-rev`} className="adm-visually-hidden">
            {t.revisedAt}
          </label>
          <input id={`${id}-rev`} type="datetime-local" value={isoToLocalInput(fields.revisedAt, tz)} onChange={(e) => set('revisedAt', localInputToIso(e.target.value, tz))} aria-describedby={`${id}-rev-help`} />
          <div className="ed-row">
            <button type="button" className="adm-button adm-button--small" onClick={() => set('revisedAt', new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString())}>
              {t.now}
            </button>
            {fields.revisedAt && (
              <button type="button" className="adm-button adm-button--small" onClick={() => set('revisedAt', null)}>
                {t.clear}
              </button>
            )}
          </div>
          <p className="adm-help" id={`${id}-rev-help`}>
            {t.revisedAtHelp}
          </p>
          <Errors list={errors.revisedAt} id={`${id}-revisedAt-err`} />
        </div>
      </Panel>
    </div>
  );
}

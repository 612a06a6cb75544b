'use client';
// The source editor's dialogs (native <dialog> opened modal: focus moves in and is trapped, Escape cancels, focus
// goes back to the editor): image, embed, code block language, table size, and the alt text of an uploaded image.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { EmbedInfo, EmbedPropInfo } from '../types';
import { embedSource, initialFormValues, type FormValues } from './embed-mdx';
import { word, type Lang } from './i18n';

export function Modal({ title, onClose, children, className }: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      if (d?.open) d.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`se-dialog${className ? ' ' + className : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="se-dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

function Buttons({ lang, onCancel, submitLabel, extra }: { lang: Lang; onCancel: () => void; submitLabel?: string; extra?: ReactNode }) {
  return (
    <div className="se-dialog-buttons">
      {extra}
      <button type="button" className="se-btn" onClick={onCancel}>
        {word(lang, 'cancel')}
      </button>
      <button type="submit" className="se-btn se-btn-primary">
        {submitLabel ?? word(lang, 'insert')}
      </button>
    </div>
  );
}

const CODE_LANGUAGES = ['python', 'javascript', 'typescript', 'tsx', 'jsx', 'bash', 'shell', 'json', 'yaml', 'toml', 'html', 'css', 'sql', 'c', 'cpp', 'java', 'go', 'rust', 'r', 'julia', 'matlab', 'latex', 'diff', 'text'];

export function CodeDialog({ lang, onInsert, onClose }: { lang: Lang; onInsert: (language: string) => void; onClose: () => void }) {
  const id = useId();
  const [value, setValue] = useState(() => (typeof localStorage !== 'undefined' && localStorage.getItem('manifold.editor.codeLang')) || '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      localStorage.setItem('manifold.editor.codeLang', value.trim());
    } catch {
      // private mode: the choice is just not remembered
    }
    onInsert(value);
  };
  return (
    <Modal title={word(lang, 'codeBlock')} onClose={onClose}>
      <form onSubmit={submit}>
        <label className="se-field" htmlFor={`${id}-lang`}>
          <span>{word(lang, 'language')}</span>
          <input id={`${id}-lang`} list={`${id}-list`} value={value} onChange={(e) => setValue(e.target.value)} autoFocus aria-describedby={`${id}-hint`} autoComplete="off" spellCheck={false} />
        </label>
        <p id={`${id}-hint`} className="se-hint">
          {word(lang, 'languageHint')}
        </p>
        <datalist id={`${id}-list`}>
          {CODE_LANGUAGES.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <Buttons lang={lang} onCancel={onClose} />
      </form>
    </Modal>
  );
}

export function TableDialog({ lang, onInsert, onClose }: { lang: Lang; onInsert: (rows: number, cols: number) => void; onClose: () => void }) {
  const id = useId();
  const [rows, setRows] = useState('2');
  const [cols, setCols] = useState('3');
  return (
    <Modal title={word(lang, 'table')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onInsert(Number(rows), Number(cols));
        }}
      >
        <div className="se-row">
          <label className="se-field" htmlFor={`${id}-r`}>
            <span>{word(lang, 'rows')}</span>
            <input id={`${id}-r`} type="number" min={1} max={50} value={rows} onChange={(e) => setRows(e.target.value)} autoFocus required />
          </label>
          <label className="se-field" htmlFor={`${id}-c`}>
            <span>{word(lang, 'columns')}</span>
            <input id={`${id}-c`} type="number" min={1} max={20} value={cols} onChange={(e) => setCols(e.target.value)} required />
          </label>
        </div>
        <Buttons lang={lang} onCancel={onClose} />
      </form>
    </Modal>
  );
}

export function ImageDialog({
  lang,
  canUpload,
  onInsertUrl,
  onUpload,
  onClose,
}: {
  lang: Lang;
  canUpload: boolean;
  onInsertUrl: (alt: string, url: string) => void;
  onUpload: (file: File, alt: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [alt, setAlt] = useState('');
  const [error, setError] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) onUpload(file, alt);
    else if (url.trim()) onInsertUrl(alt, url);
    else setError(word(lang, 'needImage'));
  };
  return (
    <Modal title={word(lang, 'imageTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {canUpload ? (
          <label className="se-field" htmlFor={`${id}-file`}>
            <span>{word(lang, 'imageFile')}</span>
            <input id={`${id}-file`} type="file" accept="image/png,image/jpeg,image/webp,image/gif,image/avif" onChange={(e) => setFile(e.target.files?.[0] ?? null)} autoFocus />
          </label>
        ) : (
          <p className="se-hint">{word(lang, 'noUpload')}</p>
        )}
        <label className="se-field" htmlFor={`${id}-url`}>
          <span>{word(lang, 'imageUrl')}</span>
          <input id={`${id}-url`} type="url" inputMode="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} disabled={!!file} autoFocus={!canUpload} spellCheck={false} />
        </label>
        <label className="se-field" htmlFor={`${id}-alt`}>
          <span>{word(lang, 'alt')}</span>
          <input id={`${id}-alt`} value={alt} onChange={(e) => setAlt(e.target.value)} aria-describedby={`${id}-althint`} />
        </label>
        <p id={`${id}-althint`} className="se-hint">
          {word(lang, 'altHint')}
        </p>
        {error ? (
          <p className="se-error" role="alert">
            {error}
          </p>
        ) : null}
        <Buttons lang={lang} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** Asks for the alt text of an image that is being uploaded (pasted or dropped); Escape inserts it without one. */
export function AltDialog({ lang, fileName, previewUrl, onDone }: { lang: Lang; fileName: string; previewUrl: string | null; onDone: (alt: string) => void }) {
  const id = useId();
  const [alt, setAlt] = useState('');
  return (
    <Modal title={word(lang, 'altTitle')} onClose={() => onDone('')} className="se-alt-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onDone(alt);
        }}
      >
        {previewUrl ? <img className="se-alt-preview" src={previewUrl} alt="" /> : null}
        <p className="se-hint">{fileName}</p>
        <label className="se-field" htmlFor={`${id}-alt`}>
          <span>{word(lang, 'alt')}</span>
          <input id={`${id}-alt`} value={alt} onChange={(e) => setAlt(e.target.value)} autoFocus aria-describedby={`${id}-hint`} />
        </label>
        <p id={`${id}-hint`} className="se-hint">
          {word(lang, 'altHint')}
        </p>
        <div className="se-dialog-buttons">
          <button type="button" className="se-btn" onClick={() => onDone('')}>
            {word(lang, 'withoutAlt')}
          </button>
          <button type="submit" className="se-btn se-btn-primary">
            {word(lang, 'insert')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The site's values a prop may take now (its own, or those of the value another prop has), or null when it has none. */
export function choicesOf(prop: EmbedPropInfo, values: Record<string, string>) {
  if (prop.choicesBy) return prop.choicesBy.choices[values[prop.choicesBy.prop] ?? ''] ?? [];
  return prop.choices && prop.choices.length ? prop.choices : null;
}

function PropField({ prop, value, values, error, lang, onChange, baseId }: { prop: EmbedPropInfo; value: string; values: Record<string, string>; error?: string; lang: Lang; onChange: (v: string) => void; baseId: string }) {
  const fid = `${baseId}-${prop.name}`;
  const describedBy = [prop.description ? `${fid}-desc` : '', error ? `${fid}-err` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id: fid, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': prop.required || undefined, name: prop.name };
  const choices = choicesOf(prop, values);
  let control: ReactNode;
  if (choices) {
    // The site's values (the library's ready models, a model's versions): a select; leaving it empty leaves the prop out.
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        {!prop.required || value === '' || !choices.some((c) => String(c.value) === value) ? <option value="">{prop.emptyLabel ?? (prop.required ? '—' : word(lang, 'unset'))}</option> : null}
        {choices.map((c) => (
          <option key={String(c.value)} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    );
  } else if (prop.type === 'boolean' || prop.type === 'enum') {
    const options = prop.type === 'boolean' ? [{ v: 'true', l: word(lang, 'yes') }, { v: 'false', l: word(lang, 'no') }] : (prop.options ?? []).map((o) => ({ v: String(o), l: String(o) }));
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        {!prop.required || value === '' ? <option value="">{prop.required ? '—' : word(lang, 'unset')}</option> : null}
        {options.map((o) => (
          <option key={o.v} value={o.v}>
            {o.l}
          </option>
        ))}
      </select>
    );
  } else if (prop.type === 'array' || prop.type === 'json') {
    control = <textarea {...common} rows={3} value={value} placeholder={word(lang, 'jsonHint')} onChange={(e) => onChange(e.target.value)} spellCheck={false} />;
  } else if (prop.type === 'number' || prop.type === 'integer') {
    control = <input {...common} type="number" inputMode="decimal" step={prop.type === 'integer' ? 1 : 'any'} min={prop.min} max={prop.max} value={value} placeholder={prop.default !== undefined ? String(prop.default) : undefined} onChange={(e) => onChange(e.target.value)} />;
  } else {
    control = <input {...common} value={value} onChange={(e) => onChange(e.target.value)} />;
  }
  const range = prop.min !== undefined || prop.max !== undefined ? ` ${prop.min ?? ''}–${prop.max ?? ''}` : '';
  return (
    <div className="se-field">
      <label htmlFor={fid}>
        <code>{prop.name}</code> <span className="se-prop-type">{prop.type}{range}</span>
        {prop.required ? <span className="se-prop-req"> ({word(lang, 'required')})</span> : null}
      </label>
      {control}
      {prop.description ? (
        <p id={`${fid}-desc`} className="se-hint">
          {prop.description}
        </p>
      ) : null}
      {error ? (
        <p id={`${fid}-err`} className="se-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function EmbedDialog({ lang, embeds, onInsert, onClose }: { lang: Lang; embeds: EmbedInfo[]; onInsert: (mdx: string) => void; onClose: () => void }) {
  const id = useId();
  const [name, setName] = useState(embeds[0]?.name ?? '');
  const embed = embeds.find((e) => e.name === name);
  const [values, setValues] = useState<FormValues>(() => (embed ? initialFormValues(embed) : {}));
  const [tried, setTried] = useState(false);
  const result = useMemo(() => (embed ? embedSource(embed, values, lang) : null), [embed, values, lang]);
  const pick = (next: string) => {
    setName(next);
    const e = embeds.find((x) => x.name === next);
    setValues(e ? initialFormValues(e) : {});
    setTried(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (result && Object.keys(result.errors).length === 0) onInsert(result.mdx);
  };
  return (
    <Modal title={word(lang, 'embedTitle')} onClose={onClose} className="se-embed-dialog">
      {embeds.length === 0 ? (
        <>
          <p>{word(lang, 'embedNone')}</p>
          <div className="se-dialog-buttons">
            <button type="button" className="se-btn" onClick={onClose} autoFocus>
              {word(lang, 'close')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <label className="se-field" htmlFor={`${id}-name`}>
            <span>{word(lang, 'embedPick')}</span>
            <select id={`${id}-name`} value={name} onChange={(e) => pick(e.target.value)} autoFocus>
              {embeds.map((e) => (
                <option key={e.name} value={e.name}>
                  {e.name}
                  {e.app ? ` — ${e.app}` : ''}
                </option>
              ))}
            </select>
          </label>
          {embed?.description ? <p className="se-hint">{embed.description}</p> : null}
          {embed && embed.props.length === 0 ? <p className="se-hint">{word(lang, 'embedNoProps')}</p> : null}
          {embed?.props.map((p) => (
            <PropField
              key={`${embed.name}.${p.name}`}
              baseId={id}
              prop={p}
              lang={lang}
              value={values[p.name] ?? ''}
              values={values}
              error={tried ? result?.errors[p.name] : undefined}
              onChange={(v) =>
                setValues((s) => {
                  const next = { ...s, [p.name]: v };
                  // A prop whose choices follow this one (a model's versions) is cleared when its value no longer fits.
                  for (const q of embed.props) {
                    if (q.choicesBy?.prop === p.name && next[q.name] && !(q.choicesBy.choices[v] ?? []).some((c) => String(c.value) === next[q.name])) next[q.name] = '';
                  }
                  return next;
                })
              }
            />
          ))}
          {result ? (
            <div className="se-field">
              <span id={`${id}-mdx-label`}>{word(lang, 'embedPreview')}</span>
              <pre className="se-mdx-preview" aria-labelledby={`${id}-mdx-label`} data-testid="embed-mdx">
                {result.mdx}
              </pre>
            </div>
          ) : null}
          <Buttons lang={lang} onCancel={onClose} />
        </form>
      )}
    </Modal>
  );
}

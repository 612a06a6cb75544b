'use client';
// The change form's browser half: the fields (a widget per type), errors beside them, the optimistic-lock conflict
// with both versions, the slug filled live from the title, autocomplete selects and the "unsaved changes" guard.
// It posts to a server action through useActionState, so it also works before (or without) JavaScript.
import { useActionState, useEffect, useRef, type FormEvent } from 'react';
import type { FormField, InlineSpec } from '../core/types';
import { slugify } from '../core/slug';
import { Autocomplete } from './autocomplete.client';
import { initialSaveState, type ClientForm, type SaveState } from './form-types';
import { adminT, type AdminDict, type AdminLang } from './i18n';

type Errors = Record<string, string[]>;

function show(value: string | string[] | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? '✔' : '✘';
  return Array.isArray(value) ? value.join(', ') : value;
}

function ErrorList({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul className="adm-errorlist" id={id}>
      {errors.map((e, i) => (
        <li key={i}>{e}</li>
      ))}
    </ul>
  );
}

function Control({ field, id, describedBy, invalid, t }: { field: FormField; id: string; describedBy?: string; invalid: boolean; t: AdminDict }) {
  const common = { id, name: field.name, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined, required: field.required && field.widget !== 'checkbox' } as const;
  const text = typeof field.value === 'string' ? field.value : '';
  switch (field.widget) {
    case 'textarea':
      return <textarea {...common} defaultValue={text} rows={field.name === 'source' ? 22 : 6} className={field.name === 'source' ? 'adm-textarea--long' : undefined} spellCheck={field.name === 'source' ? false : undefined} />;
    case 'json':
      return <textarea {...common} defaultValue={text} rows={6} spellCheck={false} />;
    case 'number':
      return <input {...common} type="number" step="any" inputMode="decimal" defaultValue={text} />;
    case 'checkbox':
      return <input {...common} type="checkbox" defaultChecked={field.value === true} />;
    case 'datetime':
      return <input {...common} type="datetime-local" defaultValue={text} />;
    case 'select':
    case 'fk-select':
      return (
        <select {...common} defaultValue={text}>
          {!field.required && <option value="">{t.choose}</option>}
          {field.required && !text && <option value="">{t.choose}</option>}
          {(field.choices ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
    case 'm2m-select':
      return (
        <select {...common} required={false} multiple defaultValue={Array.isArray(field.value) ? field.value : []}>
          {(field.choices ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
    case 'autocomplete':
    case 'autocomplete-multiple':
      return (
        <Autocomplete
          id={id}
          name={field.name}
          multiple={field.widget === 'autocomplete-multiple'}
          required={field.required}
          describedBy={describedBy}
          initial={(field.choices ?? []).filter((c) => (Array.isArray(field.value) ? field.value.includes(c.value) : field.value === c.value))}
          source={field.autocomplete ?? null}
          t={t}
        />
      );
    default:
      // 'password' (an app's extra field, e.g. accounts' "set password"): never pre-filled, never remembered.
      if ((field.widget as string) === 'password') return <input {...common} type="password" defaultValue="" autoComplete="new-password" />;
      return <input {...common} type="text" defaultValue={text} maxLength={field.maxLength} autoComplete="off" />;
  }
}

function Field({ field, errors, t, prepopulatedFrom }: { field: FormField; errors: Errors; t: AdminDict; prepopulatedFrom?: string }) {
  const id = `id_${field.name}`;
  const errs = errors[field.name];
  const help = field.help ?? (prepopulatedFrom ? t.prepopulatedHint(prepopulatedFrom) : undefined);
  const describedBy = [help ? `${id}-help` : '', errs?.length ? `${id}-errors` : ''].filter(Boolean).join(' ') || undefined;
  const cls = ['adm-field', field.widget === 'checkbox' && !field.readonly ? 'adm-field--checkbox' : '', field.required && !field.readonly ? 'adm-field--required' : '', errs?.length ? 'adm-field--error' : ''].filter(Boolean).join(' ');
  if (field.readonly) {
    return (
      <div className={cls}>
        <span className="adm-label" id={`${id}-label`}>
          {field.label}
        </span>
        <div className="adm-readonly" aria-labelledby={`${id}-label`}>
          {field.display || show(field.value) || '-'}
        </div>
        {help && (
          <p className="adm-help" id={`${id}-help`}>
            {help}
          </p>
        )}
      </div>
    );
  }
  const label = <label htmlFor={id}>{field.label}</label>;
  const control = <Control field={field} id={id} describedBy={describedBy} invalid={!!errs?.length} t={t} />;
  return (
    <div className={cls}>
      {field.widget === 'checkbox' ? (
        <>
          {control}
          {label}
        </>
      ) : (
        <>
          {label}
          {control}
        </>
      )}
      {help && (
        <p className="adm-help" id={`${id}-help`}>
          {help}
        </p>
      )}
      <ErrorList id={`${id}-errors`} errors={errs} />
    </div>
  );
}

function Inline({ inline, errors, t }: { inline: InlineSpec; errors: Errors; t: AdminDict }) {
  return (
    <fieldset className="adm-fieldset adm-inline">
      <legend>{inline.label}</legend>
      <div className="adm-fieldset-body" style={{ overflowX: 'auto' }}>
        <input type="hidden" name={`${inline.prefix}-TOTAL_FORMS`} value={inline.rows.length} />
        <table>
          <thead>
            <tr>
              {inline.fields.map((f) => (
                <th key={f.name} scope="col">
                  {f.label}
                </th>
              ))}
              <th scope="col">{t.inlineDelete}</th>
            </tr>
          </thead>
          <tbody>
            {inline.rows.map((row, n) => (
              <tr key={n}>
                {row.fields.map((f) => {
                  const name = `${inline.prefix}-${n}-${f.name}`;
                  const errs = errors[name];
                  const label = `${f.label} (${row.id ?? t.inlineAddRow} ${n + 1})`;
                  return (
                    <td key={f.name}>
                      {f.readonly ? (
                        show(f.display || f.value)
                      ) : (
                        <Control field={{ ...f, name, required: false }} id={`id_${name}`} describedBy={errs?.length ? `id_${name}-errors` : undefined} invalid={!!errs?.length} t={{ ...t, choose: t.choose }} />
                      )}
                      {!f.readonly && (
                        <label className="adm-visually-hidden" htmlFor={`id_${name}`}>
                          {label}
                        </label>
                      )}
                      <ErrorList id={`id_${name}-errors`} errors={errs} />
                    </td>
                  );
                })}
                <td>
                  {row.id !== null && (
                    <>
                      <input type="hidden" name={`${inline.prefix}-${n}-id`} value={row.id} />
                      <input type="checkbox" name={`${inline.prefix}-${n}-DELETE`} aria-label={`${t.inlineDelete} ${n + 1}`} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function Conflict({ conflict, form, t }: { conflict: NonNullable<SaveState['conflict']>; form: ClientForm; t: AdminDict }) {
  const labels = new Map(form.fieldsets.flatMap((fs) => fs.fields.map((f) => [f.name, f.label] as const)));
  return (
    <section className="adm-msg adm-msg--error" role="alert" aria-labelledby="adm-conflict-title" data-adm-conflict>
      <h2 id="adm-conflict-title">{t.conflictTitle}</h2>
      <p>{t.conflictBody}</p>
      {conflict.changed.map((name) => (
        <div key={name} style={{ marginTop: '0.75rem' }}>
          <h3 style={{ fontSize: '0.95rem', margin: '0 0 0.3rem' }}>{labels.get(name) ?? name}</h3>
          <div className="adm-conflict">
            <div>
              <div className="adm-meta">{t.conflictTheirs}</div>
              <pre data-adm-theirs={name}>{show(conflict.theirs[name])}</pre>
            </div>
            <div>
              <div className="adm-meta">{t.conflictYours}</div>
              <pre data-adm-yours={name}>{show(conflict.yours[name])}</pre>
            </div>
          </div>
        </div>
      ))}
    </section>
  );
}

export function ChangeForm({ action, initial, lang }: { action: (prev: SaveState, form: FormData) => Promise<SaveState>; initial: ClientForm; lang: AdminLang }) {
  const t = adminT(lang);
  const [state, formAction, pending] = useActionState(action, initialSaveState);
  const form = state.form ?? initial;
  const ref = useRef<HTMLFormElement>(null);
  const dirty = useRef(false);
  // Prepopulated targets the person typed into themselves: never overwritten again.
  const touched = useRef(new Set<string>());

  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent) => {
      if (!dirty.current) return;
      e.preventDefault();
      e.returnValue = t.unsaved;
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [t.unsaved]);

  useEffect(() => {
    // Text typed before this script ran (the form is server-rendered and usable at once) still fills empty slugs.
    if (form.id === null) for (const dest of Object.keys(form.prepopulated)) fillPrepopulated(dest);
    // Tests (and styles) can tell a live form from the server-rendered one.
    ref.current?.setAttribute('data-hydrated', '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    // After a refused save, move focus to the first message so keyboard and screen-reader users hear why.
    if (state.seq > 0) ref.current?.querySelector<HTMLElement>('[data-adm-conflict], .adm-errorlist--top, .adm-field--error input, .adm-field--error select, .adm-field--error textarea')?.focus?.();
  }, [state.seq]);

  // The existing slug of a change form is kept unless the person clears it (Django prepopulates on add only).
  const prepopulateLive = form.id === null;
  function fillPrepopulated(dest: string) {
    const sources = form.prepopulated[dest] ?? [];
    if (touched.current.has(dest)) return;
    const el = ref.current?.elements.namedItem(dest);
    if (!(el instanceof HTMLInputElement)) return;
    if (!prepopulateLive && el.defaultValue !== '' && el.value !== '') return;
    const text = sources.map((s) => (ref.current?.elements.namedItem(s) as HTMLInputElement | null)?.value ?? '').join(' ');
    if (text.trim() === '' && el.value !== '') return;
    el.value = slugify(text);
  }
  const onInput = (e: FormEvent<HTMLFormElement>) => {
    dirty.current = true;
    const target = e.target as HTMLInputElement;
    if (!target.name) return;
    if (target.name in form.prepopulated) {
      touched.current.add(target.name);
      if (target.value === '') touched.current.delete(target.name);
      return;
    }
    for (const [dest, sources] of Object.entries(form.prepopulated)) if (sources.includes(target.name)) fillPrepopulated(dest);
  };

  const sourceLabels = new Map(form.fieldsets.flatMap((fs) => fs.fields.map((f) => [f.name, f.label] as const)));
  const errorCount = Object.keys(state.errors).length;
  return (
    <form ref={ref} action={formAction} className="adm-form" onInput={onInput} onSubmit={() => (dirty.current = false)} aria-busy={pending || undefined}>
      {state.conflict && <Conflict conflict={state.conflict} form={form} t={t} />}
      {(state.nonFieldErrors.length > 0 || (errorCount > 0 && !state.conflict)) && (
        <ul className="adm-errorlist adm-errorlist--top" role="alert" tabIndex={-1}>
          {(state.nonFieldErrors.length ? state.nonFieldErrors : [t.fieldErrors]).map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      <div key={state.seq} className="adm-form">
        {form.version !== null && <input type="hidden" name="_version" value={state.conflict ? state.conflict.version : form.version} />}
        {form.fieldsets.map((fs, i) => (
          <fieldset key={i} className="adm-fieldset">
            {fs.title ? <legend>{fs.title}</legend> : <legend className="adm-visually-hidden">{form.verboseName}</legend>}
            <div className="adm-fieldset-body">
              {fs.fields.map((f) => (
                <Field key={f.name} field={f} errors={state.errors} t={t} prepopulatedFrom={form.prepopulated[f.name]?.map((s) => sourceLabels.get(s) ?? s).join(', ')} />
              ))}
            </div>
          </fieldset>
        ))}
        {form.inlines.map((inline) => (
          <Inline key={inline.prefix} inline={inline} errors={state.errors} t={t} />
        ))}
      </div>
      {!form.readonly && (
        <div className="adm-submit-row">
          {form.canDelete && form.id !== null && (
            <a className="adm-delete-link" href={`${form.base}/${encodeURIComponent(form.id)}/delete`}>
              {t.delete}
            </a>
          )}
          <button type="submit" name="_save" value="1" className="adm-button adm-button--primary" disabled={pending}>
            {t.save}
          </button>
          <button type="submit" name="_continue" value="1" className="adm-button" disabled={pending}>
            {t.saveContinue}
          </button>
          <button type="submit" name="_addanother" value="1" className="adm-button" disabled={pending}>
            {t.saveAddAnother}
          </button>
        </div>
      )}
    </form>
  );
}

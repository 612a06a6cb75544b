'use client';
// The conflict view after a refused save (409): theirs and mine side by side, field by field and the source as a
// line diff, with a three-way merge (base = the version this page last loaded or saved). Nothing is lost: mine stays
// in the page until the author picks, and whichever version is not kept remains in the revisions.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConflictBody, EditorData, EditorFields } from '../types';
import { fieldLabel, type EditorDict, type EditorLang } from './i18n';
import { conflictCount, foldRows, mergeFields, mergeSource, resolveSource, sideBySide, type ChunkChoice, type FieldMerge } from './merge';
import { longTime } from './time';

export interface ConflictViewProps {
  t: EditorDict;
  lang: EditorLang;
  data: Pick<EditorData, 'categories' | 'series' | 'timeZone'>;
  base: EditorFields;
  mine: EditorFields;
  conflict: ConflictBody['conflict'];
  busy: boolean;
  /** The fields to continue with, then save them at their version ('save') or go back to editing ('edit'). */
  onResolve: (fields: EditorFields, then: 'save' | 'edit', kind: 'mine' | 'theirs' | 'merge') => void;
}

function display(t: EditorDict, data: ConflictViewProps['data'], lang: EditorLang, field: keyof EditorFields, value: unknown): string {
  if (value === null || value === undefined || value === '') return t.empty;
  if (field === 'categoryId') return data.categories.find((c) => c.id === value)?.name ?? `#${String(value)}`;
  if (field === 'seriesId') return data.series.find((s) => s.id === value)?.title ?? `#${String(value)}`;
  if (field === 'tags') return (value as string[]).length ? (value as string[]).join(', ') : t.empty;
  if (field === 'publishedAt' || field === 'revisedAt') return longTime(String(value), data.timeZone, lang);
  return String(value);
}

export function ConflictView({ t, lang, data, base, mine, conflict, busy, onResolve }: ConflictViewProps) {
  const theirs = conflict.fields;
  const headRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headRef.current?.focus(), []);

  const fieldMerges = useMemo(() => mergeFields(base, mine, theirs).filter((m) => m.outcome !== 'same'), [base, mine, theirs]);
  const [picks, setPicks] = useState<Record<string, 'mine' | 'theirs'>>({});
  const chunks = useMemo(() => mergeSource(base.source, mine.source, theirs.source), [base.source, mine.source, theirs.source]);
  const nConflicts = conflictCount(chunks);
  const [choices, setChoices] = useState<ChunkChoice[]>(() => Array.from({ length: nConflicts }, () => 'mine'));
  const [mergedSource, setMergedSource] = useState(() => resolveSource(chunks, choices));
  const rows = useMemo(() => foldRows(sideBySide(theirs.source, mine.source)), [theirs.source, mine.source]);
  const sourceDiffers = theirs.source !== mine.source;

  function choose(i: number, c: ChunkChoice) {
    const next = choices.slice();
    next[i] = c;
    setChoices(next);
    setMergedSource(resolveSource(chunks, next));
  }

  function merged(): EditorFields {
    const out: EditorFields = { ...theirs, source: mergedSource };
    for (const m of fieldMerges) {
      const value = m.outcome === 'conflict' ? ((picks[m.field] ?? 'mine') === 'mine' ? mine[m.field] : theirs[m.field]) : m.merged;
      (out as unknown as Record<string, unknown>)[m.field] = value;
    }
    return out;
  }

  const by = conflict.by ?? t.someone;
  const at = longTime(conflict.at, data.timeZone, lang);
  let chunkNo = 0;

  return (
    <section className="ed-conflict" aria-labelledby="ed-conflict-title">
      <div className="ed-conflict-head adm-msg adm-msg--error" role="alert">
        <h2 id="ed-conflict-title" ref={headRef} tabIndex={-1}>
          {t.conflictTitle}
        </h2>
        <p>{t.conflictLead(by, at)}</p>
        <p className="adm-meta">{t.conflictNote}</p>
        <div className="adm-buttons">
          <button type="button" className="adm-button" disabled={busy} onClick={() => onResolve({ ...mine }, 'save', 'mine')}>
            {t.keepMine}
          </button>
          <button type="button" className="adm-button" disabled={busy} onClick={() => onResolve({ ...theirs }, 'edit', 'theirs')}>
            {t.takeTheirs}
          </button>
        </div>
      </div>

      {fieldMerges.filter((m) => m.field !== 'source').length > 0 && (
        <div className="adm-tablewrap ed-conflict-fields">
          <table className="adm-table">
            <caption className="adm-visually-hidden">{t.conflictTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{t.field}</th>
                <th scope="col">{t.theirs}</th>
                <th scope="col">{t.mine}</th>
                <th scope="col">{t.merged}</th>
              </tr>
            </thead>
            <tbody>
              {fieldMerges.map((m: FieldMerge) => (
                <tr key={m.field} data-field={m.field}>
                  <th scope="row">{fieldLabel(t, m.field)}</th>
                  <td className="ed-pre">{display(t, data, lang, m.field, theirs[m.field])}</td>
                  <td className="ed-pre">{display(t, data, lang, m.field, mine[m.field])}</td>
                  <td>
                    {m.outcome === 'conflict' ? (
                      <fieldset className="ed-choice">
                        <legend className="adm-visually-hidden">
                          {fieldLabel(t, m.field)}: {t.outcomeConflict}
                        </legend>
                        {(['theirs', 'mine'] as const).map((side) => (
                          <label key={side}>
                            <input type="radio" name={`pick-${m.field}`} checked={(picks[m.field] ?? 'mine') === side} onChange={() => setPicks({ ...picks, [m.field]: side })} />{' '}
                            {side === 'mine' ? t.mine : t.theirs}
                          </label>
                        ))}
                      </fieldset>
                    ) : (
                      <span className="adm-meta">
                        {m.outcome === 'theirs' ? t.outcomeTheirs : m.outcome === 'mine' ? t.outcomeMine : `${t.outcomeCombined}: ${display(t, data, lang, m.field, m.merged)}`}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {sourceDiffers && (
        <>
          <h3 className="ed-conflict-sub">{t.sourceDiff}</h3>
          <div className="ed-sbs" role="table" aria-label={t.sourceDiff}>
            <div role="row" className="ed-sbs-head">
              <span role="columnheader">{t.theirs}</span>
              <span role="columnheader">{t.mine}</span>
            </div>
            {rows.map((row, i) =>
              row.kind === 'fold' ? (
                <div role="row" key={i} className="ed-sbs-fold">
                  <span role="cell">{t.foldedLines(row.count)}</span>
                </div>
              ) : (
                <div role="row" key={i} className={`ed-sbs-row ed-sbs-row--${row.kind}`}>
                  <span role="cell" className={row.left === null ? 'ed-sbs-cell is-none' : row.kind === 'same' ? 'ed-sbs-cell' : 'ed-sbs-cell is-del'}>
                    <span className="ed-ln" aria-hidden="true">
                      {row.leftNo ?? ''}
                    </span>
                    {row.left ?? ''}
                  </span>
                  <span role="cell" className={row.right === null ? 'ed-sbs-cell is-none' : row.kind === 'same' ? 'ed-sbs-cell' : 'ed-sbs-cell is-add'}>
                    <span className="ed-ln" aria-hidden="true">
                      {row.rightNo ?? ''}
                    </span>
                    {row.right ?? ''}
                  </span>
                </div>
              ),
            )}
          </div>

          <p className="ed-conflict-count" aria-live="polite">
            {t.sourceConflicts(nConflicts)}
          </p>
          {chunks.map((c, i) => {
            if (c.kind === 'ok') return null;
            const n = chunkNo++;
            return (
              <fieldset key={i} className="ed-chunk">
                <legend>{t.conflictChunk(n + 1)}</legend>
                <div className="ed-chunk-sides">
                  <div>
                    <strong>{t.theirs}</strong>
                    <pre className="adm-pre">{c.theirs.join('\n') || t.empty}</pre>
                  </div>
                  <div>
                    <strong>{t.mine}</strong>
                    <pre className="adm-pre">{c.mine.join('\n') || t.empty}</pre>
                  </div>
                </div>
                <div className="ed-choice" role="radiogroup" aria-label={t.conflictChunk(n + 1)}>
                  {(['mine', 'theirs', 'both'] as const).map((side) => (
                    <label key={side}>
                      <input type="radio" name={`chunk-${n}`} checked={(choices[n] ?? 'mine') === side} onChange={() => choose(n, side)} /> {side === 'mine' ? t.mine : side === 'theirs' ? t.theirs : t.both}
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          })}
          <div className="adm-field">
            <label htmlFor="ed-merged-source">{t.mergedSource}</label>
            <textarea id="ed-merged-source" className="ed-textarea ed-merged" value={mergedSource} onChange={(e) => setMergedSource(e.target.value)} spellCheck={false} rows={Math.min(24, mergedSource.split('\n').length + 2)} />
          </div>
        </>
      )}

      <div className="adm-submit-row ed-conflict-actions">
        <button type="button" className="adm-button" disabled={busy} onClick={() => onResolve(merged(), 'edit', 'merge')}>
          {t.backToEditor}
        </button>
        <button type="button" className="adm-button adm-button--primary" disabled={busy} onClick={() => onResolve(merged(), 'save', 'merge')}>
          {t.applyMerge}
        </button>
      </div>
    </section>
  );
}

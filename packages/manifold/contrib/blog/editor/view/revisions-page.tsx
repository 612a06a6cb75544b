// A post's revisions (objectViews.revisions: /admin/blog/post/<id>/revisions): every save, publish, restore and the
// latest autosave of each sitting, newest first; pick two (a plain GET form, no JavaScript needed) to see the line
// and word diff of the source and the other fields that changed (diffRevisions); restore any one as the new draft.
import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import type { AdminViewProps } from '../../../../lib/app';
import type { CurrentUser } from '../../../accounts/auth';
import { AdminFrame } from '../../../admin/views/frame';
import { adminT } from '../../../admin/views/i18n';
import { loadEditorData, parsePostId } from '../data';
import { diffRevisions } from '../diff';
import { getRevision, listRevisions } from '../revisions';
import type { DiffRow, RevisionDetail, RevisionDiff, WordPart } from '../types';
import { editorT, fieldLabel, type EditorDict, type EditorLang } from './i18n';
import { LazyRestoreButton as RestoreButton } from './lazy.client';
import { longTime } from './time';
import './editor.css';

/** Unchanged lines kept around each change; longer unchanged runs fold into a <details>. */
const CONTEXT = 3;

function Words({ parts, side }: { parts: WordPart[]; side: 'old' | 'new' }) {
  return (
    <>
      {parts.map((p, i) => {
        if (p.op === 'same') return <span key={i}>{p.text}</span>;
        if (p.op === 'del') return side === 'old' ? <del key={i}>{p.text}</del> : null;
        return side === 'new' ? <ins key={i}>{p.text}</ins> : null;
      })}
    </>
  );
}

type Shown = { kind: 'row'; row: DiffRow } | { kind: 'fold'; rows: DiffRow[] };

function fold(rows: DiffRow[]): Shown[] {
  const keep = rows.map(() => false);
  rows.forEach((r, i) => {
    if (r.op === 'same') return;
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(rows.length - 1, i + CONTEXT); j++) keep[j] = true;
  });
  const out: Shown[] = [];
  let run: DiffRow[] = [];
  rows.forEach((r, i) => {
    if (keep[i]) {
      if (run.length) out.push({ kind: 'fold', rows: run });
      run = [];
      out.push({ kind: 'row', row: r });
    } else run.push(r);
  });
  if (run.length) out.push({ kind: 'fold', rows: run });
  return out;
}

function Line({ op, oldNo, newNo, children }: { op: 'same' | 'add' | 'del'; oldNo: number | null; newNo: number | null; children: ReactNode }) {
  return (
    <tr className={op === 'add' ? 'is-add' : op === 'del' ? 'is-del' : undefined}>
      <td className="ed-diff-no">{oldNo ?? ''}</td>
      <td className="ed-diff-no">{newNo ?? ''}</td>
      <td className="ed-diff-op" aria-hidden="true">
        {op === 'add' ? '+' : op === 'del' ? '−' : ''}
      </td>
      <td>
        {op !== 'same' && <span className="adm-visually-hidden">{op === 'add' ? '+ ' : '− '}</span>}
        {children}
      </td>
    </tr>
  );
}

function DiffView({ t, diff, a, b, lang, tz }: { t: EditorDict; diff: RevisionDiff; a: RevisionDetail; b: RevisionDetail; lang: EditorLang; tz: string }) {
  const shown = fold(diff.rows);
  return (
    <section className="ed-rev-diff" aria-labelledby="ed-diff-title">
      <h2 id="ed-diff-title">
        A {longTime(a.at, tz, lang, true)} → B {longTime(b.at, tz, lang, true)}
      </h2>
      <p className="ed-diff-summary">
        <span className="is-add">{t.diffAdded(diff.added)}</span>
        <span className="is-del">{t.diffRemoved(diff.removed)}</span>
      </p>
      {diff.fields.length > 0 && (
        <div className="adm-tablewrap" style={{ borderRadius: 'var(--adm-radius)', marginBottom: '1rem' }}>
          <table className="adm-table">
            <caption className="adm-visually-hidden">{t.diffFields}</caption>
            <thead>
              <tr>
                <th scope="col">{t.field}</th>
                <th scope="col">{t.diffOld} (A)</th>
                <th scope="col">{t.diffNew} (B)</th>
              </tr>
            </thead>
            <tbody>
              {diff.fields.map((f) => (
                <tr key={f.field}>
                  <th scope="row">{fieldLabel(t, f.field)}</th>
                  <td className="ed-pre">{f.before || t.empty}</td>
                  <td className="ed-pre">{f.after || t.empty}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t.diffSource}</h3>
      {diff.added === 0 && diff.removed === 0 ? (
        <p className="adm-card">{t.diffNoChange}</p>
      ) : (
        <div className="ed-diff">
          <table>
            <caption className="adm-visually-hidden">{t.diffSource}</caption>
            <thead className="adm-visually-hidden">
              <tr>
                <th scope="col">A</th>
                <th scope="col">B</th>
                <th scope="col">±</th>
                <th scope="col">{t.diffSource}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s, i) => {
                if (s.kind === 'fold') {
                  return (
                    <tr key={i} className="is-fold">
                      <td colSpan={4}>
                        <details>
                          <summary>{t.foldedLines(s.rows.length)}</summary>
                          <pre className="ed-diff-folded">{s.rows.map((r) => r.newText ?? r.oldText ?? '').join('\n')}</pre>
                        </details>
                      </td>
                    </tr>
                  );
                }
                const r = s.row;
                if (r.op === 'same') {
                  return (
                    <Line key={i} op="same" oldNo={r.oldLine} newNo={r.newLine}>
                      {r.newText ?? r.oldText}
                    </Line>
                  );
                }
                if (r.op === 'change') {
                  return [
                    <Line key={`${i}d`} op="del" oldNo={r.oldLine} newNo={null}>
                      {r.words ? <Words parts={r.words} side="old" /> : r.oldText}
                    </Line>,
                    <Line key={`${i}a`} op="add" oldNo={null} newNo={r.newLine}>
                      {r.words ? <Words parts={r.words} side="new" /> : r.newText}
                    </Line>,
                  ];
                }
                return (
                  <Line key={i} op={r.op} oldNo={r.oldLine} newNo={r.newLine}>
                    {r.op === 'add' ? r.newText : r.oldText}
                  </Line>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const pick = (q: URLSearchParams, name: string): number | null => {
  const v = q.get(name);
  return v && /^[1-9]\d{0,15}$/.test(v) ? Number(v) : null;
};

export default async function RevisionsPage({ user, lang, path, app, model, id, query }: AdminViewProps) {
  const t = editorT(lang);
  const at = adminT(lang);
  const postId = parsePostId(id);
  if (postId === null) notFound();
  const current = user as CurrentUser;
  const data = await loadEditorData(postId, current, lang);
  const revisions = data ? await listRevisions(postId, current) : null;
  if (!data || !revisions) notFound();
  const listUrl = `/admin/${app}/${model}`;
  const editUrl = `${listUrl}/${postId}/change`;
  const title = data.saved.title || data.fields.title || `#${postId}`;
  const tz = data.timeZone;

  // Default comparison: the newest revision (B) against the one before it (A).
  let aId = pick(query, 'a') ?? revisions[1]?.id ?? null;
  let bId = pick(query, 'b') ?? revisions[0]?.id ?? null;
  let [a, b] = await Promise.all([aId ? getRevision(postId, aId, current) : null, bId ? getRevision(postId, bId, current) : null]);
  // A is the older one, whichever way round they were picked.
  if (a && b && Date.parse(a.at) > Date.parse(b.at)) [a, b, aId, bId] = [b, a, bId, aId];
  const diff = a && b ? diffRevisions(a, b) : null;

  return (
    <AdminFrame
      user={user}
      title={t.revisionsTitle(title)}
      lang={lang}
      path={path}
      breadcrumbs={[
        { label: at.home, href: '/admin' },
        { label: t.blog, href: `/admin/${app}` },
        { label: t.posts, href: listUrl },
        { label: title, href: editUrl },
        { label: t.revisions },
      ]}
    >
      <div className="ed-rev">
        <div className="adm-pagehead">
          <h1>{t.revisionsTitle(title)}</h1>
          <a className="adm-button adm-button--small" href={editUrl}>
            {t.backToEdit}
          </a>
        </div>
        {revisions.length === 0 ? (
          <p className="adm-card">{t.revisionsNone}</p>
        ) : (
          <form method="get" action={`${listUrl}/${postId}/revisions`}>
            <p className="adm-meta" id="ed-rev-help">
              {t.revisionsPickHelp}
            </p>
            <div className="adm-tablewrap" style={{ borderRadius: 'var(--adm-radius)' }}>
              <table className="adm-table ed-rev-table" aria-describedby="ed-rev-help">
                <caption className="adm-visually-hidden">{t.revisions}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="ed-rev-pick">
                      A
                    </th>
                    <th scope="col" className="ed-rev-pick">
                      B
                    </th>
                    <th scope="col">{t.revisionWhen}</th>
                    <th scope="col">{t.revisionWhat}</th>
                    <th scope="col">{t.revisionWho}</th>
                    <th scope="col">{t.revisionTitle}</th>
                    {data.permissions.change && (
                      <th scope="col">
                        <span className="adm-visually-hidden">{t.restore}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {revisions.map((r) => {
                    const when = longTime(r.at, tz, lang, true);
                    return (
                      <tr key={r.id}>
                        <td className="ed-rev-pick">
                          <input type="radio" name="a" value={r.id} defaultChecked={r.id === aId} aria-label={t.pickA(when)} />
                        </td>
                        <td className="ed-rev-pick">
                          <input type="radio" name="b" value={r.id} defaultChecked={r.id === bId} aria-label={t.pickB(when)} />
                        </td>
                        <th scope="row">
                          <time dateTime={r.at}>{when}</time>
                        </th>
                        <td className={`ed-rev-kind--${r.kind}`}>{t.revisionKind[r.kind] ?? r.kind}</td>
                        <td>{r.by ?? '-'}</td>
                        <td>{r.title || t.empty}</td>
                        {data.permissions.change && (
                          <td>
                            <RestoreButton postId={postId} revisionId={r.id} version={data.post.version} lang={lang} editUrl={editUrl} label={`${t.restore}: ${when}`} />
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="adm-buttons" style={{ marginTop: '0.75rem' }}>
              <button type="submit" className="adm-button adm-button--primary">
                {t.revisionsCompare}
              </button>
            </div>
          </form>
        )}
        {diff && a && b && <DiffView t={t} diff={diff} a={a} b={b} lang={lang} tz={tz} />}
      </div>
    </AdminFrame>
  );
}

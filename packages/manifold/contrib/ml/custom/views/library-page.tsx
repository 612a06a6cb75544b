// The model library (/admin/ml/mlmodel): every uploaded model with its health (the newest version's status, and why
// when unhealthy), its versions, speed, size, whether its signature is declared and which posts embed it. A server
// component: the list ships no JavaScript; uploading and the signature live on each model's page (model-page.tsx).
import type { AdminView } from '../../../../lib/app';
import { getDb } from '../../../../lib/db';
import { AdminFrame } from '../../../admin/views/frame';
import { adminT } from '../../../admin/views/i18n';
import { libraryItems } from '../admin-data';
import { formatBytes, healthOf, STATUS_LABEL } from './types';
import './library.css';

const LibraryPage: AdminView = async ({ user, lang, path }) => {
  const t = adminT(lang);
  const en = lang === 'en';
  const can = (p: string) => user.isSuperuser || user.permissions.has(p);
  const title = en ? 'Model library' : '모델 라이브러리';
  const frame = (children: React.ReactNode) => (
    <AdminFrame user={user} title={title} lang={lang} path={path} breadcrumbs={[{ label: t.home, href: '/admin' }, { label: en ? 'Machine learning' : '머신러닝', href: '/admin/ml' }, { label: title }]}>
      {children}
    </AdminFrame>
  );
  if (!can('ml.view_mlmodel')) {
    return frame(
      <p className="adm-errornote" role="alert">
        {en ? 'You need the permission ml.view_mlmodel to see the model library.' : '모델 라이브러리를 보려면 ml.view_mlmodel 권한이 필요합니다.'}
      </p>,
    );
  }
  // A check a restarted server left "checking" for good is settled as unhealthy first (the store's own rule).
  await (await import('../store')).settleStaleChecks(getDb());
  const items = await libraryItems(getDb());
  const l = (k: { ko: string; en: string }) => (en ? k.en : k.ko);
  return frame(
    <div className="mlm">
      <h1>{title}</h1>
      <p className="mlm-lead">
        {en
          ? 'Trained TensorFlow.js models (Layers or Graph, as tensorflowjs_converter writes them) that posts embed with <ModelDemo model="…" />. A model is data: it is checked, loaded in a worker and timed before it serves.'
          : '글에 <ModelDemo model="…" />로 넣는 학습된 TensorFlow.js 모델(tensorflowjs_converter가 만든 Layers 또는 Graph 모델)입니다. 모델은 데이터로만 다룹니다: 검사하고, 워커에서 불러 시간을 잰 뒤에 서비스합니다.'}
      </p>
      {can('ml.add_mlmodel') && (
        <p>
          <a className="adm-button adm-button--primary" href="/admin/ml/mlmodel/add">
            {en ? 'Upload a new model' : '새 모델 올리기'}
          </a>
        </p>
      )}
      {items.length === 0 ? (
        <p className="mlm-empty">{en ? 'No model yet.' : '아직 모델이 없습니다.'}</p>
      ) : (
        <div className="adm-tablewrap">
          <table className="adm-table mlm-list" data-testid="ml-library">
            <caption className="adm-visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{en ? 'Model' : '모델'}</th>
                <th scope="col">{en ? 'Health' : '상태'}</th>
                <th scope="col">{en ? 'Version' : '버전'}</th>
                <th scope="col">{en ? 'Signature' : '시그니처'}</th>
                <th scope="col">p50</th>
                <th scope="col">{en ? 'Size' : '크기'}</th>
                <th scope="col">{en ? 'Embedded in' : '쓰는 글'}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => {
                const health = healthOf(m);
                const newest = m.versions[0];
                const ready = m.versions.find((v) => v.status === 'ready');
                return (
                  <tr key={m.id} data-model={m.slug} data-health={health}>
                    <th scope="row">
                      <a href={`/admin/ml/mlmodel/${m.id}/change`}>{m.title || m.slug}</a>
                      <div className="mlm-slug">
                        <code>{m.slug}</code>
                      </div>
                    </th>
                    <td>
                      <span className={`mlm-status mlm-status--${health}`}>{l(STATUS_LABEL[health])}</span>
                      {health === 'unhealthy' && newest?.error ? <div className="mlm-error-text">{newest.error}</div> : null}
                    </td>
                    <td>
                      {newest ? `v${newest.number}` : '—'}
                      {ready && newest && ready.number !== newest.number ? <div className="mlm-muted">{en ? `serving v${ready.number}` : `v${ready.number} 서비스 중`}</div> : null}
                    </td>
                    <td>{m.signature ? (en ? 'Declared' : '선언함') : <span className="mlm-warn">{en ? 'Not declared' : '선언 전'}</span>}</td>
                    <td>{ready?.p50Ms != null ? `${ready.p50Ms.toFixed(1)} ms` : '—'}</td>
                    <td>{newest ? formatBytes(newest.size, lang) : '—'}</td>
                    <td>
                      {m.usedBy.length ? (
                        <ul className="mlm-usage">
                          {m.usedBy.map((u) => (
                            <li key={u.id}>
                              <a href={u.editUrl}>{u.title || `#${u.id}`}</a>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="mlm-muted">{en ? 'None' : '없음'}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>,
  );
};

export default LibraryPage;

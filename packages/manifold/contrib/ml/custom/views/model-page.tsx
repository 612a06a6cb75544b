// One model of the library (/admin/ml/mlmodel/<id>/change), replacing the generic change form: upload a new version
// (drag and drop model.json + shards or one .zip; progress; the validation report), the versions with their status,
// shapes, load time and p50 (and the error of an unhealthy one), the signature form pre-filled with the guess from
// the shapes, the example input, and the posts that embed it. On /admin/ml/mlmodel/add: the create form.
import type { AdminView } from '../../../../lib/app';
import { getDb } from '../../../../lib/db';
import { AdminFrame } from '../../../admin/views/frame';
import { adminT } from '../../../admin/views/i18n';
import { guessOfLatest, modelUsage } from '../admin-data';
import { LazyModelCreate, LazyModelDetail } from './lazy.client';
import { modelInfo } from './types';
import './library.css';

const ModelPage: AdminView = async ({ user, lang, path, id }) => {
  const t = adminT(lang);
  const en = lang === 'en';
  const can = (p: string) => user.isSuperuser || user.permissions.has(p);
  const library = en ? 'Model library' : '모델 라이브러리';
  const frame = (title: string, children: React.ReactNode) => (
    <AdminFrame user={user} title={title} lang={lang} path={path} breadcrumbs={[{ label: t.home, href: '/admin' }, { label: en ? 'Machine learning' : '머신러닝', href: '/admin/ml' }, { label: library, href: '/admin/ml/mlmodel' }, { label: title }]}>
      {children}
    </AdminFrame>
  );
  const denied = (perm: string) =>
    frame(
      library,
      <p className="adm-errornote" role="alert">
        {en ? `You need the permission ${perm}.` : `${perm} 권한이 필요합니다.`}
      </p>,
    );
  if (id === null) {
    if (!can('ml.add_mlmodel')) return denied('ml.add_mlmodel');
    const title = en ? 'New model' : '새 모델';
    return frame(
      title,
      <div className="mlm">
        <h1>{title}</h1>
        <LazyModelCreate lang={lang} />
      </div>,
    );
  }
  if (!can('ml.view_mlmodel')) return denied('ml.view_mlmodel');
  const num = /^[1-9]\d{0,9}$/.test(id) ? Number(id) : NaN;
  const db = getDb();
  await (await import('../store')).settleStaleChecks(db);
  const row = Number.isSafeInteger(num) ? await db.mlModel.findUnique({ where: { id: num }, include: { versions: true } }) : null;
  if (!row) {
    return frame(
      library,
      <p className="adm-errornote" role="alert">
        {en ? `There is no model #${id.slice(0, 12)}.` : `#${id.slice(0, 12)} 모델이 없습니다.`}
      </p>,
    );
  }
  const usage = await modelUsage(db, [row.slug]);
  const model = modelInfo({ ...row, usedBy: usage[row.slug] ?? [], guess: guessOfLatest(row) });
  return frame(
    model.title || model.slug,
    <div className="mlm">
      <h1>
        {model.title || model.slug} <code className="mlm-slug-h">{model.slug}</code>
      </h1>
      <LazyModelDetail lang={lang} initial={model} permissions={{ add: can('ml.add_mlmodel'), change: can('ml.change_mlmodel'), delete: can('ml.delete_mlmodel') }} />
    </div>,
  );
};

export default ModelPage;

'use client';
// One model's page: upload a new version (drop or pick model.json + weight shards, or one .zip), the upload's
// progress, the validation report (format, layers or ops, parameters, FLOPs, shapes, size), the versions with their
// status (checking → ready or unhealthy with its error), shapes, load time and p50 — polled while one is checking —,
// the signature form, the posts that embed the model, and delete (refused while a published post embeds it).
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { api, modelUrl, packFiles, sendVersion, type UploadAnswer } from './upload.client';
import { SignatureForm } from './signature.client';
import { bilingual, formatBytes, formatCount, healthOf, shapeText, STATUS_LABEL, type ModelInfo, type Permissions, type UploadReport } from './types';

type Lang = 'ko' | 'en';

const T = {
  ko: {
    upload: '새 버전 올리기',
    uploadHint: 'tensorflowjs_converter가 만든 model.json과 가중치 파일(group1-shard1of1.bin 등)을 함께, 또는 그 모두를 담은 .zip 하나를 여기에 끌어다 놓거나 고르세요. 사용자 정의 레이어·연산은 받지 않습니다.',
    pick: '모델 파일 고르기',
    packing: '파일을 묶는 중…',
    uploading: (p: number) => `올리는 중… ${p}%`,
    checking: '검사하고 워커에서 불러오는 중…',
    uploaded: (n: number) => `버전 ${n}을 올렸습니다.`,
    report: '검사 결과',
    format: '형식',
    classes: '레이어 / 연산',
    params: '파라미터',
    flops: '호출당 FLOPs',
    input: '입력 모양',
    output: '출력 모양',
    dtypes: '자료형',
    size: '크기',
    versions: '버전',
    version: '버전',
    status: '상태',
    shapes: '입력 → 출력',
    load: '불러오기',
    p50: 'p50',
    uploadedAt: '올린 시각',
    noVersions: '아직 올린 버전이 없습니다.',
    usedIn: '이 모델을 쓰는 글',
    unused: '이 모델을 쓰는 글이 없습니다.',
    follows: '최신 버전 따름',
    pins: (n: number) => `버전 ${n} 고정`,
    draft: '초안에만',
    embedHint: '글에 넣기:',
    del: '모델 지우기',
    confirmDelete: (s: string) => `“${s}” 모델과 모든 버전을 지울까요? 되돌릴 수 없습니다.`,
    progress: '업로드 진행률',
    recheck: '다시 검사',
    edit: '제목·설명 바꾸기',
    title: '제목',
    description: '설명',
    saveInfo: '저장',
    savedInfo: '제목과 설명을 저장했습니다.',
  },
  en: {
    upload: 'Upload a new version',
    uploadHint: 'Drop or pick model.json with its weight files (group1-shard1of1.bin, …) as tensorflowjs_converter writes them, or one .zip holding them all. Custom layers and ops are refused.',
    pick: 'Choose model files',
    packing: 'Packing the files…',
    uploading: (p: number) => `Uploading… ${p}%`,
    checking: 'Checking and loading it in a worker…',
    uploaded: (n: number) => `Uploaded version ${n}.`,
    report: 'Validation report',
    format: 'Format',
    classes: 'Layers / ops',
    params: 'Parameters',
    flops: 'FLOPs per call',
    input: 'Input shape',
    output: 'Output shape',
    dtypes: 'Dtypes',
    size: 'Size',
    versions: 'Versions',
    version: 'Version',
    status: 'Status',
    shapes: 'Input → output',
    load: 'Load',
    p50: 'p50',
    uploadedAt: 'Uploaded',
    noVersions: 'No version uploaded yet.',
    usedIn: 'Posts that embed this model',
    unused: 'No post embeds this model.',
    follows: 'follows the latest',
    pins: (n: number) => `pins version ${n}`,
    draft: 'draft only',
    embedHint: 'Embed it:',
    del: 'Delete model',
    confirmDelete: (s: string) => `Delete the model “${s}” and all its versions? This cannot be undone.`,
    progress: 'Upload progress',
    recheck: 'Check again',
    edit: 'Edit title and description',
    title: 'Title',
    description: 'Description',
    saveInfo: 'Save',
    savedInfo: 'Title and description saved.',
  },
} as const;
const TT = { ko: bilingual<(typeof T)['ko']>(T.ko, T.en), en: T.en } as unknown as typeof T;

function Report({ lang, report }: { lang: Lang; report: UploadReport }) {
  const t = TT[lang];
  const classes = [...new Set(report.classes ?? [])];
  return (
    <section className="adm-fieldset mlm-report" aria-labelledby="mlm-report-h" data-testid="ml-report">
      <h2 id="mlm-report-h">{t.report}</h2>
      <dl className="adm-fieldset-body mlm-dl">
        <dt>{t.format}</dt>
        <dd>{report.format === 'graph' ? 'Graph model' : 'Layers model'}</dd>
        <dt>{t.classes}</dt>
        <dd>
          {classes.length ? (
            <ul className="mlm-chips">
              {classes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t.params}</dt>
        <dd>{formatCount(report.params, lang)}</dd>
        <dt>{t.flops}</dt>
        <dd>{formatCount(report.flops, lang)}</dd>
        <dt>{t.input}</dt>
        <dd>
          <code>{shapeText(report.inputShape)}</code> {report.inputDtype}
        </dd>
        <dt>{t.output}</dt>
        <dd>
          <code>{shapeText(report.outputShape)}</code> {report.outputDtype}
        </dd>
        <dt>{t.size}</dt>
        <dd>{formatBytes(report.size, lang)}</dd>
      </dl>
    </section>
  );
}

export function ModelDetail({ lang, initial, permissions }: { lang: Lang; initial: ModelInfo; permissions: Permissions }) {
  const t = TT[lang];
  const ids = useId();
  const [model, setModel] = useState<ModelInfo>(initial);
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'packing' | 'uploading' | 'checking'>('idle');
  const [progress, setProgress] = useState(0);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<{ text: string; usedBy?: ModelInfo['usedBy'] } | null>(null);
  const [report, setReport] = useState<UploadReport | null>(null);
  const [formKey, setFormKey] = useState(0);
  const fileRef = useRef<HTMLInputElement>(null);
  const l = (k: { ko: string; en: string } | undefined) => (k ? k[lang] : '');

  const refresh = useCallback(async () => {
    try {
      setModel(await api<ModelInfo>(modelUrl(initial.slug)));
    } catch {
      // The next poll tries again; a failure here is not the author's to act on.
    }
  }, [initial.slug]);

  // While a version is being checked (loaded, warmed up, timed in the worker), ask again until it is settled.
  const checking = model.versions.some((v) => v.status === 'checking');
  useEffect(() => {
    if (!checking) return;
    const timer = setInterval(() => void refresh(), 1500);
    return () => clearInterval(timer);
  }, [checking, refresh]);

  const upload = async (files: File[]) => {
    if (!files.length || phase !== 'idle') return;
    setError(null);
    setStatus('');
    setReport(null);
    try {
      setPhase('packing');
      setStatus(t.packing);
      const { body, filename } = await packFiles(files);
      setPhase('uploading');
      setProgress(0);
      setStatus(t.uploading(0));
      const answer: UploadAnswer = await sendVersion(initial.slug, body, filename, (f) => {
        if (f === null) {
          setPhase('checking');
          setStatus(t.checking);
        } else {
          setProgress(f);
          setStatus(t.uploading(Math.round(f * 100)));
        }
      });
      setReport(answer.report);
      setStatus(t.uploaded(answer.version?.number ?? 0));
      await refresh();
      // A first upload (or one whose shapes changed) brings a new guess: the form starts again from it unless declared.
      setFormKey((k) => k + 1);
    } catch (err) {
      setError({ text: (err as Error).message });
      setStatus('');
    } finally {
      setPhase('idle');
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (permissions.add) void upload([...e.dataTransfer.files]);
  };

  const remove = async () => {
    if (!window.confirm(t.confirmDelete(model.slug))) return;
    setError(null);
    try {
      await api(modelUrl(model.slug), { method: 'DELETE' });
      window.location.assign('/admin/ml/mlmodel');
    } catch (err) {
      const body = (err as Error & { body?: { usedBy?: ModelInfo['usedBy'] } }).body;
      setError({ text: (err as Error).message, usedBy: body?.usedBy });
    }
  };

  const recheck = async (number: number) => {
    setError(null);
    setStatus(t.checking);
    try {
      setModel(await api<ModelInfo>(`${modelUrl(model.slug)}/versions/${number}/check`, { method: 'POST' }));
      setStatus('');
    } catch (err) {
      setError({ text: (err as Error).message });
      setStatus('');
    }
  };

  const [title, setTitle] = useState(initial.title);
  const [description, setDescription] = useState(initial.description);
  const saveInfo = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setModel(await api<ModelInfo>(modelUrl(model.slug), { method: 'PATCH', body: JSON.stringify({ title, description }) }));
      setStatus(t.savedInfo);
    } catch (err) {
      setError({ text: (err as Error).message });
    }
  };

  const health = healthOf(model);
  return (
    <div className="mlm-detail">
      <p className="mlm-head">
        <span className={`mlm-status mlm-status--${health}`} data-testid="ml-health">
          {l(STATUS_LABEL[health])}
        </span>{' '}
        <span className="mlm-muted">
          {t.embedHint} <code>{`<ModelDemo model="${model.slug}" />`}</code>
        </span>
      </p>
      {model.description ? <p>{model.description}</p> : null}
      {permissions.change && (
        <details className="mlm-edit">
          <summary>{t.edit}</summary>
          <form className="adm-fieldset-body" onSubmit={saveInfo}>
            <div className="adm-field">
              <label htmlFor={`${ids}-title`}>{t.title}</label>
              <input id={`${ids}-title`} type="text" value={title} required maxLength={200} onChange={(e) => setTitle(e.target.value)} />
            </div>
            <div className="adm-field">
              <label htmlFor={`${ids}-desc`}>{t.description}</label>
              <textarea id={`${ids}-desc`} rows={3} value={description} maxLength={5000} onChange={(e) => setDescription(e.target.value)} />
            </div>
            <div>
              <button type="submit" className="adm-button">
                {t.saveInfo}
              </button>
            </div>
          </form>
        </details>
      )}

      {permissions.add && (
        <section
          className={`mlm-drop${dragging ? ' mlm-drop--active' : ''}`}
          aria-labelledby={`${ids}-up`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <h2 id={`${ids}-up`}>{t.upload}</h2>
          <p id={`${ids}-hint`}>{t.uploadHint}</p>
          <label className="adm-button adm-button--primary mlm-pick">
            {t.pick}
            <input ref={fileRef} type="file" multiple data-testid="ml-upload-input" aria-describedby={`${ids}-hint`} disabled={phase !== 'idle'} onChange={(e) => void upload([...(e.target.files ?? [])])} />
          </label>
          {phase !== 'idle' && (
            <div className="mlm-progress">
              <label htmlFor={`${ids}-prog`} className="adm-visually-hidden">
                {t.progress}
              </label>
              <progress id={`${ids}-prog`} data-testid="ml-upload-progress" max={1} value={phase === 'uploading' ? progress : undefined} />
            </div>
          )}
        </section>
      )}

      <p className="mlm-status-line" role="status" aria-live="polite" data-testid="ml-upload-status">
        {status}
      </p>
      {error && (
        <div className="mlm-alert" role="alert" data-testid="ml-error">
          <p>{error.text}</p>
          {error.usedBy?.length ? (
            <ul>
              {error.usedBy.map((u) => (
                <li key={u.id}>
                  <a href={u.editUrl}>{u.title || `#${u.id}`}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      {report && <Report lang={lang} report={report} />}

      <section className="adm-fieldset" aria-labelledby={`${ids}-vh`}>
        <h2 id={`${ids}-vh`}>{t.versions}</h2>
        {model.versions.length === 0 ? (
          <p className="adm-fieldset-body">{t.noVersions}</p>
        ) : (
          // The table scrolls sideways on a phone: its box is focusable so the keyboard can scroll it too.
          <div className="adm-tablewrap mlm-versions-wrap" tabIndex={0} role="region" aria-labelledby={`${ids}-vh`}>
            <table className="adm-table mlm-versions" data-testid="ml-versions">
              <caption className="adm-visually-hidden">{t.versions}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.version}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.shapes}</th>
                  <th scope="col">{t.params}</th>
                  <th scope="col">{t.size}</th>
                  <th scope="col">{t.load}</th>
                  <th scope="col">{t.p50}</th>
                  <th scope="col">{t.uploadedAt}</th>
                </tr>
              </thead>
              <tbody>
                {model.versions.map((v) => (
                  <tr key={v.id} data-version={v.number} data-status={v.status}>
                    <th scope="row">
                      v{v.number} <span className="mlm-muted">{v.format}</span>
                    </th>
                    <td>
                      <span className={`mlm-status mlm-status--${v.status}`} data-testid="ml-version-status">
                        {l(STATUS_LABEL[v.status]) || v.status}
                      </span>
                      {v.error ? <div className="mlm-error-text">{v.error}</div> : null}
                      {v.status === 'unhealthy' && permissions.change ? (
                        <button type="button" className="adm-button adm-button--small mlm-recheck" aria-label={`${t.recheck} (v${v.number})`} onClick={() => void recheck(v.number)}>
                          {t.recheck}
                        </button>
                      ) : null}
                    </td>
                    <td>
                      <code>{shapeText(v.inputShape)}</code> → <code>{shapeText(v.outputShape)}</code>
                    </td>
                    <td>
                      {formatCount(v.params, lang)}
                      <div className="mlm-muted">{formatCount(v.flops, lang)} FLOPs</div>
                    </td>
                    <td>{formatBytes(v.size, lang)}</td>
                    <td>{v.loadMs != null ? `${v.loadMs.toFixed(0)} ms` : '—'}</td>
                    <td>{v.p50Ms != null ? `${v.p50Ms.toFixed(1)} ms` : '—'}</td>
                    <td>
                      <time dateTime={v.createdAt}>{v.createdAt ? new Date(v.createdAt).toLocaleString(lang === 'en' ? 'en' : 'ko', { dateStyle: 'medium', timeStyle: 'short' }) : ''}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <SignatureForm key={formKey} lang={lang} model={model} canChange={permissions.change} onSaved={setModel} />

      <section className="adm-fieldset" aria-labelledby={`${ids}-uh`} data-testid="ml-usage">
        <h2 id={`${ids}-uh`}>{t.usedIn}</h2>
        <div className="adm-fieldset-body">
          {model.usedBy.length ? (
            <ul className="mlm-usage">
              {model.usedBy.map((u) => (
                <li key={u.id}>
                  <a href={u.editUrl}>{u.title || `#${u.id}`}</a> <span className="mlm-muted">({u.version === null ? t.follows : t.pins(u.version)}{u.draftOnly ? `, ${t.draft}` : ''})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t.unused}</p>
          )}
        </div>
      </section>

      {permissions.delete && (
        <p>
          <button type="button" className="adm-button adm-button--danger" onClick={() => void remove()}>
            {t.del}
          </button>
        </p>
      )}
    </div>
  );
}

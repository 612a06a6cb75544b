'use client';
// The "new model" form: a slug (the address in <ModelDemo model="…"> and /api/ml/custom/<slug>), a title and a
// description; once made, the model's page takes the upload.
import { useId, useState, type FormEvent } from 'react';
import { api } from './upload.client';
import { bilingual, type ModelInfo } from './types';

type Lang = 'ko' | 'en';

const T = {
  ko: {
    slug: '주소 이름',
    slugHelp: '영문 소문자·숫자·하이픈 2–40자. 글에서 <ModelDemo model="이 이름" />으로 씁니다. 나중에 바꿀 수 없습니다.',
    title: '제목',
    description: '설명(선택)',
    create: '만들기',
    creating: '만드는 중…',
    bad: '주소 이름은 영문 소문자나 숫자로 시작하는 2–40자의 소문자·숫자·하이픈입니다.',
  },
  en: {
    slug: 'Slug',
    slugHelp: '2–40 of a-z, 0-9 and -. Posts embed it as <ModelDemo model="this-slug" />. It cannot change later.',
    title: 'Title',
    description: 'Description (optional)',
    create: 'Create',
    creating: 'Creating…',
    bad: 'A slug is 2–40 lower-case letters, digits and hyphens, starting with a letter or digit.',
  },
} as const;
const TT = { ko: bilingual<(typeof T)['ko']>(T.ko, T.en), en: T.en } as unknown as typeof T;

const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

export function ModelCreate({ lang }: { lang: Lang }) {
  const t = TT[lang];
  const id = useId();
  const [slug, setSlug] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const slugBad = slug !== '' && !SLUG.test(slug);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!SLUG.test(slug)) {
      setError(t.bad);
      return;
    }
    setBusy(true);
    setError('');
    try {
      const made = await api<ModelInfo>('/admin/api/ml/models', { method: 'POST', body: JSON.stringify({ slug, title: title.trim() || slug, description }) });
      window.location.assign(`/admin/ml/mlmodel/${made.id}/change`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form className="adm-fieldset mlm-create" onSubmit={submit} noValidate data-testid="ml-create-form">
      <div className="adm-fieldset-body">
        <div className="adm-field adm-field--required">
          <label htmlFor={`${id}-slug`}>{t.slug}</label>
          <input
            id={`${id}-slug`}
            name="slug"
            type="text"
            value={slug}
            required
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={slugBad || undefined}
            aria-describedby={`${id}-slug-help`}
            onChange={(e) => setSlug(e.target.value.toLowerCase().replace(/[\s_]+/g, '-'))}
          />
          <p id={`${id}-slug-help`} className="adm-help">
            {slugBad ? <span className="mlm-error-text">{t.bad} </span> : null}
            {t.slugHelp}
          </p>
        </div>
        <div className="adm-field">
          <label htmlFor={`${id}-title`}>{t.title}</label>
          <input id={`${id}-title`} name="title" type="text" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="adm-field">
          <label htmlFor={`${id}-desc`}>{t.description}</label>
          <textarea id={`${id}-desc`} name="description" rows={3} value={description} maxLength={5000} onChange={(e) => setDescription(e.target.value)} />
        </div>
        {error ? (
          <p className="mlm-alert" role="alert">
            {error}
          </p>
        ) : null}
        <div>
          <button type="submit" className="adm-button adm-button--primary" disabled={busy}>
            {busy ? t.creating : t.create}
          </button>
        </div>
      </div>
    </form>
  );
}

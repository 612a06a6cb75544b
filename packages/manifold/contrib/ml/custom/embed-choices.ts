// What the editor's "insert embed" form offers for <ModelDemo />: the model library's models that have a ready version
// and a declared signature (a select instead of a typed slug), and for the chosen model its ready versions to pin —
// or none, to follow the latest. Read each time the editor opens (embedChoices of the embed data module, which
// contrib/blog/editor/embed-catalog.ts reads). Server-only: the database.
import type { Db } from '../../../lib/db';

interface Choice {
  value: string | number;
  label: string;
}

/** The picker's choices from the library as it is now. */
export async function modelDemoChoices(db: Db, lang: 'ko' | 'en' = 'ko') {
  const models = await db.mlModel.findMany({
    where: { versions: { some: { status: 'ready' } }, NOT: { signature: '' } },
    select: { slug: true, title: true, versions: { where: { status: 'ready' }, select: { number: true, p50Ms: true }, orderBy: { number: 'desc' } } },
    orderBy: [{ title: 'asc' }, { slug: 'asc' }],
  });
  const en = lang === 'en';
  const versions: Record<string, Choice[]> = {};
  for (const m of models) {
    versions[m.slug] = m.versions.map((v, i) => ({ value: v.number, label: `v${v.number}${i === 0 ? (en ? ' (latest ready)' : ' (최신 준비됨)') : ''}` }));
  }
  return {
    model: { choices: models.map((m) => ({ value: m.slug, label: m.title && m.title !== m.slug ? `${m.title} (${m.slug})` : m.slug })) },
    version: { choicesBy: { prop: 'model', choices: versions }, emptyLabel: en ? 'Follow the latest ready version' : '최신 준비된 버전 따르기' },
  };
}

export const embedChoices = {
  ModelDemo: async ({ lang }: { lang: 'ko' | 'en' }) => {
    const { db } = await import('../../../lib/db');
    return modelDemoChoices(db, lang);
  },
};

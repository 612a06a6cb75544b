// Data loaders of the blog's Pages Router routes (post pages). Queries go straight to the database: the
// page itself is cached (ISR) and regenerated at most once a minute or when revalidated.
import type { GetStaticPropsContext, GetStaticPropsResult } from 'next';
import { db } from '../../lib/db';
import { loadEmbeds } from '../../lib/embeds';
import { isLang } from '../../lib/i18n';
import { buildCategoryTree, queryPost, queryTags } from './queries';
import { READER_REVALIDATE_SECONDS } from './cache';
import type { PostPageProps } from './views/post';

export async function getPostPageProps(ctx: GetStaticPropsContext): Promise<GetStaticPropsResult<PostPageProps>> {
  const lang = String(ctx.params?.lang ?? '');
  const slug = String(ctx.params?.slug ?? '');
  if (!isLang(lang) || !slug) return { notFound: true, revalidate: READER_REVALIDATE_SECONDS };
  const [tree, tags] = await Promise.all([buildCategoryTree(db), queryTags(db), loadEmbeds()]);
  const post = await queryPost(db, slug, new Date(), tree);
  if (!post) return { notFound: true, revalidate: READER_REVALIDATE_SECONDS };
  return { props: { lang, post, tree, tags }, revalidate: READER_REVALIDATE_SECONDS };
}

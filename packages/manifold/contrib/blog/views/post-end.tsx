// What the installed apps add after a post (extension point "blog.post-end", e.g. the comments app's section).
import type { ComponentType } from 'react';
import provided from '@site/.manifold/provides/blog.post-end.mjs';
import type { Lang } from '../../../lib/i18n';

type PostEndProvider = { label: string; PostEnd: ComponentType<{ lang: Lang; post: { slug: string } }> };

export function PostEnd({ lang, post }: { lang: Lang; post: { slug: string } }) {
  return (
    <>
      {(provided as PostEndProvider[]).map(({ label, PostEnd: Part }) => (
        <Part key={label} lang={lang} post={{ slug: post.slug }} />
      ))}
    </>
  );
}

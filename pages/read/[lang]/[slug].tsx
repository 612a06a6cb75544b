// Post pages: /posts/<slug> (and /en/posts/<slug>) are rewritten here. The Pages Router can serve a page
// with no framework JavaScript (unstable_runtimeJS: false), which the App Router cannot; a post's demos
// come back as islands (lib/islands) only on posts that use them.
import type { GetStaticPaths, GetStaticProps } from 'next';
import { getPostPageProps } from '../../../apps/blog/pages';
import { PostHead } from '../../../apps/blog/views/post-head';
import { PostView, type PostPageProps } from '../../../apps/blog/views/post';

export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

export const getStaticPaths: GetStaticPaths = async () => ({ paths: [], fallback: 'blocking' });

export const getStaticProps: GetStaticProps<PostPageProps> = (ctx) => getPostPageProps(ctx);

export default function PostPage(props: PostPageProps) {
  return (
    <>
      <PostHead {...props} />
      <PostView {...props} />
    </>
  );
}

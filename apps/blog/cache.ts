// Cache tags of the blog app. Reader queries are cached under these; a write revalidates the ones it touched.
export const blogTags = {
  posts: 'blog:posts',
  post: (slug: string) => `blog:post:${slug}`,
  categories: 'blog:categories',
  tags: 'blog:tags',
};

/** Seconds a cached reader page lives before it is re-rendered in the background (scheduled posts appear then). */
export const READER_REVALIDATE_SECONDS = 60;

/** The cached routes of a post page: the Pages Router path behind /posts/<slug>, in both languages. */
export function postRevalidationPaths(slug: string): string[] {
  return ['ko', 'en'].map((lang) => `/read/${lang}/${slug}`);
}

// What a change in a post's shown comments invalidates: the post lists, whose entries show the count (the post page
// itself fetches its comments in the browser, so its cached HTML never goes stale with them).
import { revalidateContent } from '../../lib/cache';
import { blogTags } from '../blog/cache';

export async function revalidateCommentedPosts(slugs: string[]): Promise<void> {
  if (!slugs.length) return;
  await revalidateContent({ tags: [blogTags.posts, ...slugs.map(blogTags.post)], paths: ['/'], posts: slugs });
}

// The RSS feed, built with `feed` (escaping and date formats are its job, not ours).
import 'server-only';
import { Feed } from 'feed';
import { settings } from '../../lib/settings';
import { siteConfig } from '@site/site.config';
import { listFeedPosts } from './data';
import { absolute, feedUrl, homeUrl, postUrl } from './urls';

export async function buildFeed(): Promise<string> {
  const base = settings().siteUrl;
  const posts = await listFeedPosts();
  const feed = new Feed({
    title: siteConfig.title,
    description: siteConfig.description,
    id: absolute(base, homeUrl('ko')),
    link: absolute(base, homeUrl('ko')),
    language: 'ko',
    copyright: `© ${siteConfig.author}`,
    updated: posts[0]?.updatedAt ?? new Date(0),
    feedLinks: { rss: absolute(base, feedUrl()) },
  });
  for (const post of posts) {
    const link = absolute(base, postUrl('ko', post.slug));
    feed.addItem({
      title: post.title,
      id: link,
      link,
      description: post.excerpt,
      date: post.publishedAt ?? post.updatedAt,
      category: [...(post.category ? [{ name: post.category.name }] : []), ...post.tags.map((t) => ({ name: t.name }))],
    });
  }
  return feed.rss2();
}

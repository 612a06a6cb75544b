// The blog's system checks for `manage check`: content that outlived an app.
import type { CheckMessage } from '../../lib/app';

/** Posts whose embeds no installed app provides: they render a placeholder there until the app is installed again. */
export async function postsWithMissingEmbeds(): Promise<CheckMessage[]> {
  const { getDb } = await import('../../lib/db');
  const { embedApps, uninstalledEmbeds } = await import('../../lib/embed-schemas');
  const db = getDb();
  try {
    const posts = await db.post.findMany({ select: { slug: true, embeds: true }, orderBy: { slug: 'asc' } });
    const out: CheckMessage[] = [];
    for (const post of posts) {
      let names: unknown;
      try {
        names = JSON.parse(post.embeds);
      } catch {
        names = [];
      }
      const missing = (Array.isArray(names) ? names : []).filter((n): n is string => typeof n === 'string' && !Object.hasOwn(embedApps, n));
      if (!missing.length) continue;
      const apps = [...new Set(missing.map((n) => uninstalledEmbeds[n]).filter(Boolean))];
      out.push({
        level: 'WARNING',
        id: 'blog.W001',
        where: `post ${post.slug}`,
        message: `uses ${missing.map((n) => `<${n} />`).join(', ')}, ${apps.length ? `an embed of the app ${apps.map((a) => `"${a}"`).join(', ')}, which is not installed` : 'which no app provides'}; readers see a placeholder there.`,
        hint: apps.length ? `Add ${apps.map((a) => `'${a}'`).join(', ')} to installedApps in site.config.ts to show the demo again (no need to re-save the post).` : 'Edit the post, or install the app that provides the embed.',
      });
    }
    return out;
  } finally {
    await db.$disconnect();
  }
}

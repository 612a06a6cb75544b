// `manage dumpcontent`: posts in the database → .mdx/.md files (by the post's format) with frontmatter, the format loadcontent reads back
// (plus categories.json for the category tree), so a site's writing can live in git again.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import type { Db } from '../../lib/db';
import { extensionOfFormat } from '../../lib/mdx/markdown';
import { postFormat } from './posts';

export interface ExportReport {
  written: string[];
  categories: number;
}

/** ISO 8601 in the site's time zone, offset included: 2020-06-14T21:30:00+09:00, as the sample posts are written. */
export function isoInZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** Text YAML may hold unquoted: it reads back as the same string, not a number, boolean, date or null. */
function plainSafe(s: string): boolean {
  return (
    /^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u.test(s) &&
    !/\s$/.test(s) &&
    !/^(true|false|yes|no|on|off|y|n|null)$/i.test(s) &&
    !/^[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?$/.test(s) &&
    !/^\d{4}-\d{2}-\d{2}/.test(s)
  );
}

const scalar = (v: unknown): string =>
  typeof v === 'string' ? (plainSafe(v) ? v : JSON.stringify(v)) : typeof v === 'boolean' || typeof v === 'number' ? String(v) : JSON.stringify(v);

/** Frontmatter in the sample posts' style: quoted titles and summaries, `tags: [a, b]`, the date unquoted. */
export function frontmatterYaml(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => {
      if (Array.isArray(value)) return `${key}: [${value.map(scalar).join(', ')}]`;
      if (key === 'date') return `${key}: ${value}`;
      if (key === 'title' || key === 'summary' || key === 'seoTitle' || key === 'seoDescription' || key === 'series') return `${key}: ${JSON.stringify(value)}`;
      return `${key}: ${scalar(value)}`;
    })
    .join('\n')
    .concat('\n');
}

/** The body of a stored source: loadcontent keeps the whole file, frontmatter included; the database is now the truth for it. */
function bodyOf(source: string): string {
  if (!source.trimStart().startsWith('---')) return source;
  try {
    return matter(source).content.replace(/^\n+/, '');
  } catch {
    return source;
  }
}

export async function exportContent(db: Db, dir: string, opts: { timeZone?: string } = {}): Promise<ExportReport> {
  const timeZone = opts.timeZone ?? 'UTC';
  const categories = await db.category.findMany({ orderBy: [{ order: 'asc' }, { id: 'asc' }] });
  const byId = new Map(categories.map((c) => [c.id, c]));
  const pathOf = (id: number | null): string | undefined => {
    const names: string[] = [];
    const seen = new Set<number>();
    for (let c = id === null ? undefined : byId.get(id); c && !seen.has(c.id); c = c.parentId === null ? undefined : byId.get(c.parentId)) {
      seen.add(c.id);
      names.unshift(c.name);
    }
    return names.length ? names.join('/') : undefined;
  };
  const posts = await db.post.findMany({ include: { tags: { orderBy: { name: 'asc' } }, series: { select: { title: true } } }, orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }] });

  fs.mkdirSync(dir, { recursive: true });
  const report: ExportReport = { written: [], categories: 0 };
  if (categories.length) {
    // Parents first, so the file reads top-down; loadcontent resolves parents by slug either way.
    const depth = (c: (typeof categories)[number]) => (pathOf(c.id) ?? '').split('/').length;
    const list = [...categories].sort((a, b) => depth(a) - depth(b)).map((c) => ({
      name: c.name,
      slug: c.slug,
      description: c.description,
      order: c.order,
      ...(c.parentId !== null && byId.has(c.parentId) ? { parent: byId.get(c.parentId)!.slug } : {}),
    }));
    const file = path.join(dir, 'categories.json');
    fs.writeFileSync(file, `${JSON.stringify(list, null, 2)}\n`);
    report.written.push(file);
    report.categories = list.length;
  }
  for (const post of posts) {
    const data: Record<string, unknown> = {
      title: post.title,
      slug: post.slug,
      date: isoInZone(post.publishedAt ?? post.createdAt, timeZone),
    };
    const category = pathOf(post.categoryId);
    if (category) data.category = category;
    data.tags = post.tags.map((t) => t.name);
    if (post.series) {
      data.series = post.series.title;
      if (post.seriesOrder !== null) data.seriesOrder = post.seriesOrder;
    }
    if (post.excerpt) data.summary = post.excerpt;
    data.draft = post.status === 'draft';
    if (post.coverImage) data.cover = post.coverImage;
    if (post.seoTitle) data.seoTitle = post.seoTitle;
    if (post.seoDescription && post.seoDescription !== post.excerpt) data.seoDescription = post.seoDescription;
    // The extension carries the format (loadcontent reads .md as Markdown, .mdx as MDX); the same slug's file in the
    // other format, from an earlier dump, is replaced, or loadcontent would find the slug twice.
    const format = postFormat(post.format);
    const file = path.join(dir, `${post.slug}${extensionOfFormat(format)}`);
    const other = path.join(dir, `${post.slug}${extensionOfFormat(format === 'markdown' ? 'mdx' : 'markdown')}`);
    if (fs.existsSync(other)) fs.rmSync(other);
    const body = bodyOf(post.source);
    fs.writeFileSync(file, `---\n${frontmatterYaml(data)}---\n\n${body.endsWith('\n') || !body ? body : `${body}\n`}`);
    report.written.push(file);
  }
  return report;
}

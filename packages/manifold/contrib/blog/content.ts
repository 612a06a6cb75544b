// `manage loadcontent`: MDX files with frontmatter → database, idempotently. Each file is validated and
// compiled on its own; a bad file is named with its problem and skipped, and the rest still load.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import GithubSlugger from 'github-slugger';
import { z } from 'zod';
import type { Db } from '../../lib/db';
import { MdxCompileError } from '../../lib/mdx/compile';
import { compilePostSource, compiledColumns, excerptFrom } from './posts';
import { formatOfFilename, type PostFormat } from '../../lib/mdx/markdown';
import { isCurrentOutput } from '../../lib/mdx/policy';

export { recompileOutdatedPosts } from './posts';
import { statusFor } from './visibility';

/** Korean letters are welcome in slugs; spaces, slashes and punctuation are not. */
export const SLUG_PATTERN = /^[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)*$/u;

const tagList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
  z.array(z.coerce.string().min(1)),
);

/**
 * A date without a time is midnight in the site's time zone (KST), whether YAML saw a string or a date:
 * js-yaml turns an unquoted 2021-01-12 into UTC midnight, which is read back as that calendar day.
 */
const dateField = z.preprocess((v) => {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim())) return `${v.trim()}T00:00:00+09:00`;
  if (v instanceof Date && !Number.isNaN(v.getTime()) && v.getUTCHours() + v.getUTCMinutes() + v.getUTCSeconds() + v.getUTCMilliseconds() === 0) {
    return `${v.toISOString().slice(0, 10)}T00:00:00+09:00`;
  }
  return v;
}, z.coerce.date());

/** YAML booleans, and the strings people quote them as ("false" must not mean true). */
const flag = z.preprocess((v) => (typeof v === 'string' ? ['true', 'yes', '1'].includes(v.trim().toLowerCase()) : v), z.boolean());

/** Our frontmatter, which also accepts the tailwind-nextjs-starter-blog's (title, date, tags, draft, summary, lastmod). */
export const frontmatterSchema = z.object({
  title: z.string().trim().min(1, 'title is required'),
  slug: z.string().trim().regex(SLUG_PATTERN, 'slug may hold letters (Korean too), digits, - and _ only').optional(),
  date: dateField.refine((d) => !Number.isNaN(d.getTime()), 'date is not a valid date (use 2020-02-16 or 2020-02-16T15:15:00+09:00)'),
  lastmod: dateField.optional(),
  category: z.string().trim().min(1).optional(),
  tags: tagList.default([]),
  summary: z.string().trim().optional(),
  draft: flag.default(false),
  images: z.union([z.string(), z.array(z.string())]).optional(),
  cover: z.string().optional(),
  seoTitle: z.string().optional(),
  seoDescription: z.string().optional(),
  /** The series' title ("Transformer"); its slug is made from it as a tag's is. */
  series: z.preprocess((v) => (typeof v === 'number' ? String(v) : (v ?? undefined)), z.string().trim().min(1, 'series must name the series (its title)').max(200).optional()),
  /** Position in the series (1, 2, …); without it the post takes its place by date after the numbered parts. */
  seriesOrder: z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : (v ?? undefined)),
    z.number().int('seriesOrder must be a whole number').min(1, 'seriesOrder starts at 1').max(100_000).optional(),
  ),
}).refine((fm) => fm.seriesOrder === undefined || fm.series !== undefined, { path: ['seriesOrder'], message: 'seriesOrder needs a series: add `series: "<title>"`' });

export type Frontmatter = z.infer<typeof frontmatterSchema>;

const categoriesSchema = z.array(
  z.object({
    name: z.string().trim().min(1),
    slug: z.string().trim().regex(SLUG_PATTERN),
    description: z.string().default(''),
    order: z.number().int().default(0),
    parent: z.string().optional(),
  }),
);

export interface LoadReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  failed: { file: string; problem: string }[];
  categories: number;
  /** Slugs of the posts created or updated, so a running server can rebuild their pages. */
  changedSlugs: string[];
}

export class ContentError extends Error {}

function tagSlug(name: string) {
  return new GithubSlugger().slug(name) || name;
}

/** Loads categories.json (beside the posts folder or in it): names, slugs, order and the parent's slug. */
async function loadCategories(db: Db, dir: string): Promise<number> {
  const file = [path.join(dir, 'categories.json'), path.join(dir, '..', 'categories.json')].find((f) => fs.existsSync(f));
  if (!file) return 0;
  let list: z.infer<typeof categoriesSchema>;
  try {
    list = categoriesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new ContentError(`${file}: ${err instanceof z.ZodError ? `${err.issues[0].path.join('.')}: ${err.issues[0].message}` : (err as Error).message}`);
  }
  await db.$transaction(async (tx) => {
    for (const c of list) {
      await tx.category.upsert({
        where: { slug: c.slug },
        create: { name: c.name, slug: c.slug, description: c.description, order: c.order },
        update: { name: c.name, description: c.description, order: c.order },
      });
    }
    for (const c of list) {
      const parent = c.parent ? await tx.category.findUnique({ where: { slug: c.parent } }) : null;
      if (c.parent && !parent) throw new ContentError(`${file}: category "${c.slug}" names parent "${c.parent}", which is not defined`);
      await tx.category.update({ where: { slug: c.slug }, data: { parentId: parent?.id ?? null } });
    }
  });
  return list.length;
}

/** Finds a category by a path of names or slugs from the root: "딥러닝/최적화" or "딥러닝". */
async function resolveCategory(db: Db, ref: string) {
  const all = await db.category.findMany();
  const parts = ref.split('/').map((p) => p.trim()).filter(Boolean);
  let parentId: number | null = null;
  let found: (typeof all)[number] | undefined;
  for (const [i, part] of parts.entries()) {
    const candidates = all.filter((c) => (c.name === part || c.slug === part) && (i === 0 && parts.length === 1 ? true : c.parentId === parentId));
    found = candidates[0];
    if (!found) return null;
    parentId = found.id;
  }
  return found ?? null;
}

/** Every .md/.mdx file under dir, nested folders included (the tailwind starter nests posts in folders). */
export function listContentFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new ContentError(`Content folder ${dir} does not exist`);
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.mdx?$/.test(f) && !f.split(path.sep).some((part) => part.startsWith('.')))
    .sort()
    .map((f) => path.join(dir, f));
}

interface ParsedFile {
  file: string;
  source: string;
  fm: Frontmatter;
  slug: string;
  format: PostFormat;
}

function parseFile(file: string, baseDir: string): ParsedFile {
  const source = fs.readFileSync(file, 'utf8');
  let parsed: matter.GrayMatterFile<string>;
  try {
    // gray-matter caches by content; a cached result would hide a YAML error on the second run.
    parsed = matter(source, {});
  } catch (err) {
    throw new ContentError(`frontmatter is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const fm = frontmatterSchema.parse(parsed.data);
  // A nested file's slug joins its folders with "-" (nested/part-1.mdx → nested-part-1).
  const slug = fm.slug ?? path.relative(baseDir, file).replace(/\.mdx?$/, '').split(path.sep).join('-');
  if (!SLUG_PATTERN.test(slug)) throw new ContentError(`slug "${slug}" (from the file name) may hold letters, digits, - and _ only`);
  // The extension says how the file is written: .md Markdown, .mdx MDX.
  return { file, source, fm, slug, format: formatOfFilename(file) ?? 'mdx' };
}

function describeProblem(err: unknown, format?: PostFormat): string {
  if (err instanceof MdxCompileError) return `${format === 'markdown' ? 'Markdown' : 'MDX'} error at ${err.message}`;
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    return `frontmatter ${issue.path.join('.')}: ${issue.message}`.replace(' : ', ': ');
  }
  return (err as Error).message;
}

export async function loadContent(db: Db, dir: string, opts: { now?: Date } = {}): Promise<LoadReport> {
  const report: LoadReport = { created: [], updated: [], unchanged: [], failed: [], categories: 0, changedSlugs: [] };
  report.categories = await loadCategories(db, dir);
  const display = (file: string) => path.relative(process.cwd(), file);

  // First pass: parse every file, so a slug claimed twice goes to the file named after it (or the first).
  const parsed: ParsedFile[] = [];
  for (const file of listContentFiles(dir)) {
    try {
      parsed.push(parseFile(file, dir));
    } catch (err) {
      report.failed.push({ file: display(file), problem: describeProblem(err) });
    }
  }
  const owner = new Map<string, ParsedFile>();
  for (const p of parsed) {
    const current = owner.get(p.slug);
    const namedAfter = (x: ParsedFile) => path.relative(dir, x.file).replace(/\.mdx?$/, '').split(path.sep).join('-') === x.slug;
    if (!current || (!namedAfter(current) && namedAfter(p))) owner.set(p.slug, p);
  }

  for (const p of parsed) {
    const winner = owner.get(p.slug)!;
    if (winner !== p) {
      report.failed.push({ file: display(p.file), problem: `duplicate slug "${p.slug}": ${path.basename(winner.file)} already uses it` });
      continue;
    }
    try {
      const outcome = await loadOne(db, p, opts.now ?? new Date());
      report[outcome].push(display(p.file));
      if (outcome !== 'unchanged') report.changedSlugs.push(p.slug);
    } catch (err) {
      report.failed.push({ file: display(p.file), problem: describeProblem(err, p.format) });
    }
  }
  report.failed.sort((a, b) => a.file.localeCompare(b.file));
  return report;
}

async function loadOne(db: Db, { source, fm, slug, format }: ParsedFile, now: Date): Promise<'created' | 'updated' | 'unchanged'> {
  const category = fm.category ? await resolveCategory(db, fm.category) : null;
  if (fm.category && !category) {
    const known = (await db.category.findMany({ select: { name: true } })).map((c) => c.name).join(', ') || 'none';
    throw new ContentError(`category "${fm.category}" does not exist (known: ${known}); add it to content/categories.json`);
  }

  const existing = await db.post.findUnique({ where: { slug }, include: { tags: true, series: { select: { title: true } } } });
  const compiled =
    existing && existing.source === source && existing.format === format && isCurrentOutput(existing.compiledCode) && !existing.compileError ? null : await compilePostSource(source, format);
  const cover = fm.cover ?? (Array.isArray(fm.images) ? fm.images[0] : fm.images);
  const fields = {
    title: fm.title,
    status: statusFor(fm.draft, fm.date, now),
    publishedAt: fm.date,
    categoryId: category?.id ?? null,
    coverImage: cover ?? null,
    seoTitle: fm.seoTitle ?? null,
    seoDescription: fm.seoDescription ?? fm.summary ?? null,
  };
  const tagNames = [...new Set(fm.tags)];
  if (existing && !compiled) {
    const same =
      existing.title === fields.title &&
      existing.status === fields.status &&
      existing.publishedAt?.getTime() === fields.publishedAt.getTime() &&
      existing.categoryId === fields.categoryId &&
      existing.coverImage === fields.coverImage &&
      existing.seoTitle === fields.seoTitle &&
      existing.seoDescription === fields.seoDescription &&
      (existing.series?.title ?? null) === (fm.series ?? null) &&
      existing.seriesOrder === (fm.series === undefined ? null : (fm.seriesOrder ?? null)) &&
      existing.tags.map((t) => t.name).sort().join('\n') === [...tagNames].sort().join('\n');
    if (same) return 'unchanged';
  }

  await db.$transaction(async (tx) => {
    const tagIds: { id: number }[] = [];
    for (const tagName of tagNames) {
      const tag = await tx.tag.upsert({ where: { name: tagName }, create: { name: tagName, slug: await uniqueTagSlug(tx as unknown as Db, tagName) }, update: {} });
      tagIds.push({ id: tag.id });
    }
    const compiledData = compiled ? { ...compiledColumns(compiled), excerpt: excerptFrom(fm.summary, compiled) } : {};
    // The file is the truth for its series as for its category: no `series:` takes the post out of one.
    const seriesId = fm.series === undefined ? null : await seriesIdFor(tx as unknown as Db, fm.series);
    const seriesData = { seriesId, seriesOrder: seriesId === null ? null : (fm.seriesOrder ?? null) };
    if (existing) {
      await tx.post.update({
        where: { id: existing.id },
        data: { ...fields, ...compiledData, ...seriesData, source, format, tags: { set: tagIds }, version: { increment: 1 } },
      });
    } else {
      await tx.post.create({ data: { ...fields, ...compiledData, ...seriesData, slug, source, format, tags: { connect: tagIds } } });
    }
  });
  return existing ? 'updated' : 'created';
}

/** The series with this title, created (with a slug made as a tag's, unique) when there is none yet. */
async function seriesIdFor(db: Db, title: string): Promise<number> {
  const found = await db.series.findFirst({ where: { title }, orderBy: { id: 'asc' }, select: { id: true } });
  if (found) return found.id;
  const base = tagSlug(title);
  for (let i = 0; ; i++) {
    const slug = i === 0 ? base : `${base}-${i}`;
    if (!(await db.series.findUnique({ where: { slug }, select: { id: true } }))) return (await db.series.create({ data: { title, slug }, select: { id: true } })).id;
  }
}

async function uniqueTagSlug(db: Db, name: string): Promise<string> {
  const base = tagSlug(name);
  for (let i = 0; ; i++) {
    const slug = i === 0 ? base : `${base}-${i}`;
    if (!(await db.tag.findUnique({ where: { slug } }))) return slug;
  }
}

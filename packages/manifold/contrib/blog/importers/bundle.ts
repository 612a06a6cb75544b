// The neutral shape every importer's parser produces (WordPress WXR, Ghost JSON, RSS/Atom feeds) and the import
// core (core.ts) consumes: parse → ImportBundle → validate → one transaction → compile → report. A parser reads
// hostile input and never touches the database; the core never reads an export format.

export type ImportSource = 'wordpress' | 'ghost' | 'feed';

export interface ImportAuthor {
  /** The export's own key for the author (WordPress author_login, Ghost user id, a feed's author name). */
  key: string;
  /** A login name for the inactive user made for them (claimed later by setting a password). */
  login: string;
  name: string;
  email?: string;
}

export interface ImportCategory {
  key: string;
  name: string;
  slug: string;
  /** The parent's key, for a tree (WordPress category_parent). */
  parentKey?: string;
  description?: string;
}

export interface ImportTag {
  key: string;
  name: string;
  slug: string;
}

export interface ImportComment {
  key: string;
  /** The parent comment's key when it is a reply. */
  parentKey?: string;
  authorName: string;
  authorEmail?: string;
  authorUrl?: string;
  /** Plain text or Markdown as the commenter wrote it (HTML converted by the parser). */
  body: string;
  createdAt: Date;
  status: 'approved' | 'pending' | 'spam';
}

export interface ImportPost {
  /** Stable key of the item in its export (WordPress post_id, Ghost id/uuid, feed guid or link). */
  key: string;
  title: string;
  slug: string;
  status: 'draft' | 'published' | 'scheduled';
  /** The publication instant (UTC); null for a draft that never had one. */
  publishedAt: Date | null;
  /** When the source last changed it, if the export says. */
  modifiedAt?: Date;
  authorKey?: string;
  categoryKey?: string;
  tagKeys: string[];
  /** The author's summary ('' when none; the core then derives it from the body). */
  excerpt: string;
  /** The body, converted to Markdown (format 'markdown'), math as $…$ / $$…$$, code as fenced blocks. */
  body: string;
  format: 'markdown' | 'mdx';
  /** Addresses the post had on the old site, as paths ('/?p=123', '/2020/02/16/slug/', '/123', '/entry/제목'). */
  legacyPaths: string[];
  coverImage?: string;
  comments: ImportComment[];
}

export interface ImportAttachment {
  /** The file's address on the old site. */
  url: string;
  /** Where it was found in a local uploads folder given to the importer, when it was. */
  localPath?: string;
  /** Keys of the posts that use it. */
  usedBy: string[];
}

export interface ImportNote {
  /** Where: 'item 12 (post_id 345) "제목"', 'post "slug"', 'line 10'. */
  where: string;
  /** What was skipped, dropped or converted approximately, in one line. */
  message: string;
  kind: 'skipped' | 'dropped' | 'converted' | 'warning';
}

export interface ImportBundle {
  source: ImportSource;
  /** The exported site's address (https://example.com), part of every item's key so two blogs never collide. */
  site: string;
  authors: ImportAuthor[];
  categories: ImportCategory[];
  tags: ImportTag[];
  posts: ImportPost[];
  attachments: ImportAttachment[];
  notes: ImportNote[];
}

/** A problem with the export itself: the whole import is refused and nothing is written. */
export class ImportFormatError extends Error {
  constructor(readonly where: string, message: string) {
    super(`${where}: ${message}`);
  }
}

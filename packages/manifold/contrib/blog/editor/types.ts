// The post editor's contract, shared by its server half (data.ts, api.ts), its browser half (view/, source-editor/,
// the preview pane) and its tests: the fields an author edits, what the editor page is given, and the shapes the
// /admin/api/blog/* endpoints take and answer. Browser-safe: types and pure helpers only.

export type PostStatus = 'draft' | 'published' | 'scheduled';

/** What the author edits. Dates are ISO strings (UTC); the form shows them in the site's time zone. */
export interface EditorFields {
  title: string;
  slug: string;
  source: string;
  /**
   * How the source is written: 'markdown' (new posts) or 'mdx' (needed for embeds). A request without it keeps the
   * post's format.
   */
  format?: 'markdown' | 'mdx';
  /** The summary readers see in lists (may be blank: the first paragraph is used). */
  excerpt: string;
  categoryId: number | null;
  /** Tag names; unknown names are created on save when the user may add tags. */
  tags: string[];
  coverImage: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  seriesId: number | null;
  seriesOrder: number | null;
  /** The "updated" date readers see. */
  revisedAt: string | null;
  /** The publication time; for a scheduled post, when it goes live. */
  publishedAt: string | null;
}

/** A compile problem at a line of the source (1-based), shown in the editor's gutter and the preview. */
export interface Diagnostic {
  line: number;
  column?: number;
  message: string;
  kind: 'syntax' | 'embed' | 'props' | 'math' | 'html' | 'url' | 'limit';
}

/** One prop of an embed, read from its zod props schema, enough to build a form. */
export interface EmbedPropInfo {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'json';
  required: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  options?: (string | number)[];
  description?: string;
  /**
   * The site's values for this prop right now, offered as a select (the model library's ready models for
   * <ModelDemo model>); looked up each time the editor opens, while the prop's type above still checks the value.
   */
  choices?: EmbedChoice[];
  /** Choices that depend on another prop's value (a model's ready versions for <ModelDemo version>), by that value. */
  choicesBy?: { prop: string; choices: Record<string, EmbedChoice[]> };
  /** What leaving this prop out means, as the select's empty option says it ("follow the latest version"). */
  emptyLabel?: string;
}

/** One value a prop may take from the site's data, with what the select shows for it. */
export interface EmbedChoice {
  value: string | number;
  label: string;
}

/** An installed embed the toolbar's "insert embed" offers. */
export interface EmbedInfo {
  name: string;
  app: string;
  description?: string;
  props: EmbedPropInfo[];
}

export interface EditorPermissions {
  publish: boolean;
  change: boolean;
  delete: boolean;
  addTag: boolean;
  uploadMedia: boolean;
}

/** What the editor page hands its client component. */
export interface EditorData {
  post: {
    id: number;
    status: PostStatus;
    version: number;
    /** The public address while the post is visible (published, or scheduled and due), else null. */
    url: string | null;
    updatedAt: string;
    authorName: string | null;
  };
  /** The working copy: the autosaved draft when there is one, else the saved fields. */
  fields: EditorFields;
  /** The row as saved (what readers see when it is published): the base of a conflict merge and of "discard draft". */
  saved: EditorFields;
  draftSavedAt: string | null;
  categories: { id: number; name: string; depth: number }[];
  series: { id: number; title: string }[];
  embeds: EmbedInfo[];
  permissions: EditorPermissions;
  timeZone: string;
  lang: 'ko' | 'en';
}

export type SaveIntent = 'save' | 'publish' | 'schedule' | 'unpublish';

export interface SaveRequest {
  /** The version the author's copy is based on (Post.version when the page loaded, or after the last save). */
  version: number;
  intent: SaveIntent;
  fields: EditorFields;
}

export interface SaveResult {
  version: number;
  status: PostStatus;
  savedAt: string;
  slug: string;
  url: string | null;
  /** The fields as saved (slug made unique, publishedAt set by a publish, tags as stored); the editor's new base. */
  fields?: EditorFields;
}

/** 409: someone saved since `version`; nothing of the refused save is lost (the client still holds it). */
export interface ConflictBody {
  error: string;
  conflict: { version: number; fields: EditorFields; by: string | null; at: string };
}

/** 400: what to fix, by field; a source problem has its line. */
export interface ValidationBody {
  error: string;
  errors: { field: keyof EditorFields | 'status'; message: string; line?: number; column?: number }[];
}

export interface AutosaveRequest {
  version: number;
  fields: EditorFields;
}

export interface RevisionSummary {
  id: number;
  kind: 'autosave' | 'save' | 'publish' | 'restore';
  at: string;
  by: string | null;
  title: string;
}

export interface RevisionDetail extends RevisionSummary {
  source: string;
  fields: Partial<EditorFields>;
}

export type PreviewResponse =
  | { ok: true; html: string; toc: { depth: number; text: string; id: string }[]; embeds: string[]; ms: number; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; ms: number };

/** The answer of an upload (POST /admin/api/media/upload). */
export interface UploadedMedia {
  id: number;
  url: string;
  width: number;
  height: number;
  alt: string;
  /** What the editor inserts at the cursor. */
  markdown: string;
}

/** One piece of a word-level diff inside a changed line (words cut Korean-aware, e.g. with Intl.Segmenter). */
export interface WordPart {
  op: 'same' | 'add' | 'del';
  text: string;
}

/**
 * One row of a line diff, old → new: a kept, added or removed line, or a removed line paired with the added line that
 * replaced it ('change', with the word diff of the two).
 */
export interface DiffRow {
  op: 'same' | 'add' | 'del' | 'change';
  /** 1-based line numbers in the old and the new text (null on the side the line is not on). */
  oldLine: number | null;
  newLine: number | null;
  oldText: string | null;
  newText: string | null;
  words?: WordPart[];
}

/** What diffRevisions(a, b) (editor/diff.ts, browser-safe) gives the revisions page: the source's rows and the other fields that changed. */
export interface RevisionDiff {
  rows: DiffRow[];
  added: number;
  removed: number;
  fields: { field: string; before: string; after: string }[];
}

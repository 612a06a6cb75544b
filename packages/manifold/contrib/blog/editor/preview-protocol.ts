// What the editor's preview pane (preview-pane.client.tsx, in the admin) and the preview frame (preview-frame.tsx, the
// page /admin-preview in an <iframe>) say to each other with postMessage. Both check the other is this origin and the
// window they expect. Browser-safe, no imports.

/** The frame's address; `?lang=en` for English labels. A Pages Router page outside /admin: the admin is never framed. */
export const PREVIEW_FRAME_PATH = '/admin-preview';
/** The preview endpoint (contrib/blog/editor/preview.ts). */
export const PREVIEW_ENDPOINT = '/admin/api/blog/preview';

export interface PreviewTocEntry {
  depth: number;
  text: string;
  id: string;
}

export interface PreviewProblem {
  line: number;
  message: string;
}

/** Pane → frame. */
export type ToFrame =
  | { type: 'manifold-preview:render'; seq: number; html: string; toc: PreviewTocEntry[] }
  /** The source does not compile: keep the last render, mark these lines on it. */
  | { type: 'manifold-preview:problems'; seq: number; problems: PreviewProblem[] };

/** Frame → pane. */
export type FromFrame = { type: 'manifold-preview:ready' } | { type: 'manifold-preview:applied'; seq: number; ms: number };

export function isFromFrame(data: unknown): data is FromFrame {
  const t = (data as { type?: unknown } | null)?.type;
  return t === 'manifold-preview:ready' || t === 'manifold-preview:applied';
}

export function isToFrame(data: unknown): data is ToFrame {
  const d = data as { type?: unknown; seq?: unknown; html?: unknown; toc?: unknown; problems?: unknown } | null;
  if (!d || typeof d.seq !== 'number') return false;
  if (d.type === 'manifold-preview:render') return typeof d.html === 'string' && Array.isArray(d.toc);
  if (d.type === 'manifold-preview:problems') return Array.isArray(d.problems);
  return false;
}

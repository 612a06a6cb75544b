// The static first state computed at training time (the surface and the number of steps) and the path for a post's
// learning rate. Its own module, so the embed (server render) and its lazily loaded interactive part both start from it
// without importing each other.
import preview from '../../../../content/models/gradient-descent/preview.json';
import { gdPath, type GdView } from './figure';

export const GD_SURFACE = preview.surface as { lambdas: number[]; angle: number; start: number[] };
export const GD_STEPS = preview.steps;

/** The learning rate an author wrote (lr={0.1} or lr="0.1"), clamped to what the demo offers. */
export function readLr(value: unknown, fallback = 0.1): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.min(n, 0.5) : fallback;
}

export function staticView(lr: number): GdView {
  return { lr, ...gdPath(lr, GD_STEPS, GD_SURFACE.start, GD_SURFACE.lambdas, GD_SURFACE.angle), lambdas: GD_SURFACE.lambdas, angle: GD_SURFACE.angle };
}

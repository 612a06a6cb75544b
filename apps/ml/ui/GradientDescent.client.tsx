'use client';
// <GradientDescent lr={0.1} />: gradient descent on a quadratic for the post's learning rate.
import preview from '../../../content/models/gradient-descent/preview.json';
import { gdPath, GradientDescentFigure, type GdView } from './figures/gradient-descent';
import { LazyDemo } from './lazy.client';

const load = () => import('./demos/gradient-descent.client');
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

export default function GradientDescent(props: Record<string, unknown>) {
  const lr = readLr(props.lr);
  return (
    <LazyDemo load={load} props={{ lr }} title="경사하강법 데모: 학습률에 따른 경로">
      <GradientDescentFigure view={staticView(lr)} />
    </LazyDemo>
  );
}

// Small SVG chart parts shared by the embeds' figures (server- and client-rendered alike): scales, ticks, axes,
// lines, and the accessible figure frame. Colours come from the site's CSS variables, so dark mode just works.
import { useId, type ReactNode } from 'react';

export type Scale = (v: number) => number;

export const linear = (d0: number, d1: number, r0: number, r1: number): Scale => {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
};

/** Round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

export const fmt = (v: number, digits = 2) => {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(1);
  return Number(v.toFixed(digits)).toString();
};

export const polyline = (xs: number[], ys: number[]) => xs.map((x, i) => `${i ? 'L' : 'M'}${x.toFixed(2)},${ys[i].toFixed(2)}`).join('');

export function extent(values: number[], pad = 0): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const frame = (width: number, height: number, m: Partial<Omit<Frame, 'width' | 'height'>> = {}): Frame => ({
  width,
  height,
  left: m.left ?? 40,
  right: m.right ?? 10,
  top: m.top ?? 10,
  bottom: m.bottom ?? 28,
});

/** Axis lines with ticks, grid and labels for a plot area. */
export function Axes({ f, x, y, xTicks, yTicks, xLabel, yLabel, fx = fmt, fy = fmt }: { f: Frame; x: Scale; y: Scale; xTicks: number[]; yTicks: number[]; xLabel?: string; yLabel?: string; fx?: (v: number) => string; fy?: (v: number) => string }) {
  const x0 = f.left;
  const x1 = f.width - f.right;
  const y0 = f.height - f.bottom;
  const y1 = f.top;
  return (
    <g className="ml-axes" aria-hidden="true">
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line className="ml-grid" x1={x0} x2={x1} y1={y(t)} y2={y(t)} />
          <text x={x0 - 4} y={y(t)} dy="0.32em" textAnchor="end">
            {fy(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <g key={`x${t}`}>
          <line className="ml-grid" x1={x(t)} x2={x(t)} y1={y0} y2={y1} />
          <text x={x(t)} y={y0 + 12} textAnchor="middle">
            {fx(t)}
          </text>
        </g>
      ))}
      <line className="ml-axis" x1={x0} x2={x1} y1={y0} y2={y0} />
      <line className="ml-axis" x1={x0} x2={x0} y1={y0} y2={y1} />
      {xLabel && (
        <text className="ml-axis-label" x={(x0 + x1) / 2} y={f.height - 2} textAnchor="middle">
          {xLabel}
        </text>
      )}
      {yLabel && (
        <text className="ml-axis-label" x={4} y={Math.max(9, y1 - 5)} textAnchor="start">
          {yLabel}
        </text>
      )}
    </g>
  );
}

/** An SVG figure with a text alternative: <title> and <desc> inside, a visible caption below. */
export function Figure({ width, height, title, desc, caption, children, className }: { width: number; height: number; title: string; desc: string; caption?: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <figure className={`ml-figure${className ? ` ${className}` : ''}`}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}t ${id}d`} preserveAspectRatio="xMidYMid meet" style={{ maxWidth: Math.round(width * 1.35) }}>
        <title id={`${id}t`}>{title}</title>
        <desc id={`${id}d`}>{desc}</desc>
        {children}
      </svg>
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}

export function Legend({ items }: { items: { label: string; className: string; dashed?: boolean }[] }) {
  return (
    <ul className="ml-legend">
      {items.map((it) => (
        <li key={it.label}>
          <svg width="22" height="10" aria-hidden="true">
            <line x1="1" x2="21" y1="5" y2="5" className={it.className} strokeDasharray={it.dashed ? '4 3' : undefined} />
          </svg>
          {it.label}
        </li>
      ))}
    </ul>
  );
}

/** A colour for t ∈ [0, 1] along a perceptually ordered ramp (blue → teal → yellow), readable on light and dark. */
export function ramp(t: number): string {
  const c = Math.max(0, Math.min(1, t));
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = c * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const u = x - i;
  const [r, g, b] = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * u));
  return `rgb(${r},${g},${b})`;
}

/** The status line under a demo: working, failed (the server's message), or the model and its inference time. */
export function Status({ pending, error, meta }: { pending: boolean; error?: string; meta?: { version: string; inferenceMs: number } }) {
  return (
    <p className={`ml-status${error ? ' ml-error' : ''}`} role="status" aria-live="polite">
      {error ? `오류: ${error}` : pending ? '서버에서 계산하는 중…' : meta ? `서버 계산 완료 · 모델 v${meta.version} · 추론 ${meta.inferenceMs.toFixed(2)} ms` : '컨트롤을 움직이면 서버의 TensorFlow.js 모델이 다시 계산합니다.'}
    </p>
  );
}

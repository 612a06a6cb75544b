// The convolution figures: a 1-D signal and a 2-D drawing with their kernels and outputs, and the arithmetic of
// one output cell (which inputs it reads, times which weights, summed, divided by the kernel sum when normalized).
import type { ReactNode } from 'react';
import { Figure, fmt } from 'manifold/ml/ui/svg';

export type Padding = 'valid' | 'same';

/** TensorFlow's 'same' padding: the zeros added before the first input. */
export function padBefore(n: number, k: number, stride: number, padding: Padding) {
  if (padding === 'valid') return 0;
  const out = Math.ceil(n / stride);
  return Math.floor(Math.max((out - 1) * stride + k - n, 0) / 2);
}

export interface Conv1dView {
  signal: number[];
  kernel: number[];
  normalize: boolean;
  stride: number;
  padding: Padding;
  output: number[];
}

export interface Conv2dView {
  image: number[][];
  kernel: number[][];
  normalize: boolean;
  stride: number;
  padding: Padding;
  output: number[][];
}

const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);

/** The terms of output i: input index (or -1 for padding), input value, weight. */
export function terms1d(v: Conv1dView, i: number) {
  const p = padBefore(v.signal.length, v.kernel.length, v.stride, v.padding);
  return v.kernel.map((w, k) => {
    const j = i * v.stride + k - p;
    return { j: j >= 0 && j < v.signal.length ? j : -1, x: v.signal[j] ?? 0, w };
  });
}

export function explain1d(v: Conv1dView, i: number): string {
  const t = terms1d(v, i);
  const raw = sum(t.map((u) => u.x * u.w));
  const expr = t.map((u) => `${fmt(u.x, 4)}×${fmt(u.w, 4)}`).join(' + ');
  const ks = sum(v.kernel);
  return `y[${i}] = ${expr} = ${fmt(raw, 4)}${v.normalize ? ` ÷ ${fmt(ks, 4)} = ${fmt(raw / ks, 4)}` : ''}`;
}

/** Cells of a row of numbers, one of them highlighted. */
function Row({ values, y, x0, cell, label, highlight, selected, onSelect, name }: { values: number[]; y: number; x0: number; cell: number; label: string; highlight?: Set<number>; selected?: number; onSelect?: (i: number) => void; name: string }) {
  return (
    <g>
      <text x={x0 - 8} y={y + cell / 2} dy="0.32em" textAnchor="end" className="ml-row-label">
        {label}
      </text>
      {values.map((v, i) => (
        <g
          key={i}
          className={`ml-cell${highlight?.has(i) ? ' ml-cell-hi' : ''}${selected === i ? ' ml-cell-sel' : ''}`}
          onClick={onSelect ? () => onSelect(i) : undefined}
          data-cell={`${name}-${i}`}
        >
          <rect x={x0 + i * cell} y={y} width={cell - 3} height={cell - 3} rx={4} />
          <text x={x0 + i * cell + (cell - 3) / 2} y={y + (cell - 3) / 2} dy="0.32em" textAnchor="middle">
            {fmt(v, 4)}
          </text>
        </g>
      ))}
    </g>
  );
}

export function Conv1dFigure({ view, selected = 0, onSelect, caption }: { view: Conv1dView; selected?: number; onSelect?: (i: number) => void; caption?: ReactNode }) {
  const cell = 46;
  const x0 = 70;
  const pad = padBefore(view.signal.length, view.kernel.length, view.stride, view.padding);
  const t = view.output.length ? terms1d(view, Math.min(selected, view.output.length - 1)) : [];
  const hi = new Set(t.filter((u) => u.j >= 0).map((u) => u.j));
  const width = Math.max(x0 + Math.max(view.signal.length, view.output.length) * cell + 10, 320);
  const kernelX = x0 + (Math.min(selected, Math.max(0, view.output.length - 1)) * view.stride - pad) * cell;
  return (
    <Figure
      width={width}
      height={3 * cell + 30}
      title="1차원 Convolution"
      desc={`신호 [${view.signal.join(', ')}]에 커널 [${view.kernel.join(', ')}]를 stride ${view.stride}, ${view.padding === 'valid' ? '패딩 없이' : "'same' 패딩으로"} 적용${view.normalize ? '하고 커널 합으로 나눈' : '한'} 출력은 [${view.output.join(', ')}]입니다.`}
      caption={caption ?? (view.output.length ? explain1d(view, Math.min(selected, view.output.length - 1)) : '출력이 없습니다: 커널이 신호보다 깁니다.')}
    >
      <Row values={view.signal} y={6} x0={x0} cell={cell} label="입력 x" highlight={hi} name="in" />
      <g transform={`translate(${kernelX} 0)`}>
        <Row values={view.kernel} y={6 + cell} x0={0} cell={cell} label="" name="k" />
      </g>
      <text x={x0 - 8} y={6 + cell + cell / 2} dy="0.32em" textAnchor="end" className="ml-row-label">
        커널 w
      </text>
      <Row values={view.output} y={12 + 2 * cell} x0={x0} cell={cell} label="출력 y" selected={Math.min(selected, view.output.length - 1)} onSelect={onSelect} name="out" />
    </Figure>
  );
}

export function terms2d(v: Conv2dView, r: number, c: number) {
  const kh = v.kernel.length;
  const kw = v.kernel[0].length;
  const pr = padBefore(v.image.length, kh, v.stride, v.padding);
  const pc = padBefore(v.image[0].length, kw, v.stride, v.padding);
  const out: { i: number; j: number; x: number; w: number }[] = [];
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++) {
      const i = r * v.stride + a - pr;
      const j = c * v.stride + b - pc;
      out.push({ i, j, x: v.image[i]?.[j] ?? 0, w: v.kernel[a][b] });
    }
  return out;
}

export function explain2d(v: Conv2dView, r: number, c: number): string {
  const t = terms2d(v, r, c);
  const raw = sum(t.map((u) => u.x * u.w));
  const nonzero = t.filter((u) => u.x !== 0 && u.w !== 0);
  const expr = nonzero.length ? nonzero.map((u) => `${fmt(u.x, 3)}×${fmt(u.w, 3)}`).join(' + ') : '0';
  const ks = sum(v.kernel.flat());
  return `y[${r}][${c}] = ${expr}${nonzero.length < t.length ? ' (0인 항 생략)' : ''} = ${fmt(raw, 4)}${v.normalize ? ` ÷ ${fmt(ks, 4)} = ${fmt(raw / ks, 4)}` : ''}`;
}

export function Conv2dFigure({ view, selected = [0, 0], onSelect, cursor, drawing, caption }: { view: Conv2dView; selected?: [number, number]; onSelect?: (r: number, c: number) => void; cursor?: [number, number] | null; drawing?: ReactNode; caption?: ReactNode }) {
  const n = view.image.length;
  const m = view.image[0].length;
  const cell = 20;
  const gap = 24;
  const kh = view.kernel.length;
  const kw = view.kernel[0].length;
  const oh = view.output.length;
  const ow = oh ? view.output[0].length : 0;
  const ocell = 26;
  const inW = m * cell;
  const outX = inW + gap;
  const width = outX + Math.max(ow * ocell, kw * 34) + 4;
  const height = Math.max(n * cell, oh * ocell + kh * 34 + 30) + 4;
  const max = Math.max(1e-9, ...view.output.flat().map(Math.abs));
  const [sr, sc] = [Math.min(selected[0], oh - 1), Math.min(selected[1], ow - 1)];
  const window = oh && ow ? terms2d(view, sr, sc) : [];
  const inWin = new Set(window.map((u) => `${u.i},${u.j}`));
  return (
    <Figure
      width={width}
      height={height}
      title="2차원 Convolution"
      desc={`${n}×${m} 그림에 ${kh}×${kw} 커널 [${view.kernel.map((r) => `[${r.join(', ')}]`).join(', ')}]을 적용한 ${oh}×${ow} 출력입니다. 양수는 파란색, 음수는 주황색이 진할수록 큽니다.`}
      caption={caption ?? (oh && ow ? explain2d(view, sr, sc) : '출력이 없습니다.')}
    >
      <g className="ml-image">
        {view.image.map((row, i) =>
          row.map((v, j) => <rect key={`${i}-${j}`} x={j * cell} y={i * cell} width={cell - 1} height={cell - 1} className={`${v ? 'ml-ink' : 'ml-paper'}${inWin.has(`${i},${j}`) ? ' ml-window' : ''}`} fillOpacity={v ? Math.min(1, 0.25 + 0.75 * Math.abs(v)) : undefined} />),
        )}
        {cursor && <rect x={cursor[1] * cell - 1} y={cursor[0] * cell - 1} width={cell + 1} height={cell + 1} className="ml-cursor-cell" />}
        {drawing}
      </g>
      <g transform={`translate(${outX} 0)`} className="ml-output">
        {view.output.map((row, i) =>
          row.map((v, j) => (
            <g key={`${i}-${j}`} className={`ml-heat${i === sr && j === sc ? ' ml-cell-sel' : ''}`} onClick={onSelect ? () => onSelect(i, j) : undefined} data-cell={`out-${i}-${j}`}>
              <rect x={j * ocell} y={i * ocell} width={ocell - 2} height={ocell - 2} className={v >= 0 ? 'ml-pos' : 'ml-neg'} fillOpacity={Math.min(1, Math.abs(v) / max)} />
              <text x={j * ocell + (ocell - 2) / 2} y={i * ocell + (ocell - 2) / 2} dy="0.32em" textAnchor="middle">
                {Math.abs(v) >= 100 ? Math.round(v) : fmt(v, 1)}
              </text>
            </g>
          )),
        )}
        <g transform={`translate(0 ${oh * ocell + 16})`} className="ml-kernel">
          <text x={0} y={-4} className="ml-row-label">
            커널
          </text>
          {view.kernel.map((row, i) =>
            row.map((v, j) => (
              <g key={`${i}-${j}`} className="ml-cell">
                <rect x={j * 34} y={i * 34 + 2} width={31} height={31} rx={4} />
                <text x={j * 34 + 15.5} y={i * 34 + 17.5} dy="0.32em" textAnchor="middle">
                  {fmt(v, 3)}
                </text>
              </g>
            )),
          )}
        </g>
      </g>
    </Figure>
  );
}

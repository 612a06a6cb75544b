// The gradient-descent figure: level sets of f(w) = ½ wᵀAw, the path for one learning rate, and the loss per step.
import type { ReactNode } from 'react';
import { Axes, extent, Figure, fmt, frame, linear, polyline, ticks } from 'manifold/ml/ui/svg';

export interface GdView {
  lr: number;
  path: number[][];
  loss: number[];
  status: 'converging' | 'oscillating' | 'diverged';
  lambdas: number[];
  angle: number;
}

export const STATUS_TEXT: Record<GdView['status'], string> = {
  converging: '단조롭게 수렴',
  oscillating: '진동하며 수렴',
  diverged: '발산',
};

/** Gradient descent on the quadratic in closed arithmetic — the static first state; the live demo asks tf.grad. */
export function gdPath(lr: number, steps: number, start: number[], lambdas: number[], angle: number) {
  const a = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(a), Math.sin(a)];
  const [l1, l2] = lambdas;
  const A = [
    [l1 * c * c + l2 * s * s, (l1 - l2) * c * s],
    [(l1 - l2) * c * s, l1 * s * s + l2 * c * c],
  ];
  const f = (w: number[]) => 0.5 * (w[0] * (A[0][0] * w[0] + A[0][1] * w[1]) + w[1] * (A[1][0] * w[0] + A[1][1] * w[1]));
  let w = start;
  const path = [w];
  const loss = [f(w)];
  for (let i = 0; i < steps && Math.abs(w[0]) + Math.abs(w[1]) < 1e6; i++) {
    w = [w[0] - lr * (A[0][0] * w[0] + A[0][1] * w[1]), w[1] - lr * (A[1][0] * w[0] + A[1][1] * w[1])];
    path.push(w);
    loss.push(f(w));
  }
  const top = l1 >= l2 ? [c, s] : [-s, c];
  const along = path.map((p) => p[0] * top[0] + p[1] * top[1]);
  const floor = 1e-4 * Math.max(...along.map(Math.abs));
  let flips = 0;
  for (let i = 1; i < along.length; i++) if (along[i - 1] * along[i] < 0 && Math.abs(along[i - 1]) > floor && Math.abs(along[i]) > floor) flips++;
  const status: GdView['status'] = loss[loss.length - 1] > loss[0] ? 'diverged' : flips >= 2 ? 'oscillating' : 'converging';
  return { path, loss, status };
}

const S = 260;
const D = 5;

export function surfaceScales() {
  return { x: linear(-D, D, 0, S), y: linear(-D, D, S, 0) };
}

export function GradientDescentFigure({ view, onSurface }: { view: GdView; onSurface?: ReactNode }) {
  const { x, y } = surfaceScales();
  const a = (view.angle * Math.PI) / 180;
  const [l1, l2] = view.lambdas;
  const levels = [0.25, 1, 2.5, 5, 10, 20, 40, 80];
  const ellipse = (level: number) => {
    const pts = Array.from({ length: 61 }, (_, i) => {
      const t = (2 * Math.PI * i) / 60;
      const u = Math.sqrt((2 * level) / l1) * Math.cos(t);
      const v = Math.sqrt((2 * level) / l2) * Math.sin(t);
      return [u * Math.cos(a) - v * Math.sin(a), u * Math.sin(a) + v * Math.cos(a)];
    });
    return polyline(
      pts.map((p) => x(p[0])),
      pts.map((p) => y(p[1])),
    );
  };
  const shown = view.path.filter((p) => Math.abs(p[0]) < 1e4 && Math.abs(p[1]) < 1e4);
  const lf = frame(300, 200, { left: 44, top: 16 });
  const logLoss = view.loss.map((v) => Math.log10(Math.max(v, 1e-12)));
  const [ylo, yhi] = extent(logLoss, 0.05);
  const lx = linear(0, Math.max(1, view.loss.length - 1), lf.left, lf.width - lf.right);
  const ly = linear(ylo, yhi, lf.height - lf.bottom, lf.top);
  const λmax = Math.max(l1, l2);
  const final = view.loss[view.loss.length - 1];
  return (
    <>
      <div className="ml-panels ml-panels-2">
        <Figure
          width={S}
          height={S}
          title={`학습률 η = ${view.lr}의 경사하강법 경로`}
          desc={`등고선은 f(w) = ½ wᵀAw (고윳값 ${l1}, ${l2})의 같은 높이 선입니다. 시작점 (${view.path[0].map((v) => fmt(v, 2)).join(', ')})에서 ${view.path.length - 1}번 이동했고 결과는 ${STATUS_TEXT[view.status]}입니다.`}
          caption={`손실 곡면과 경로 · η = ${view.lr} → ${STATUS_TEXT[view.status]}`}
        >
          <defs>
            <clipPath id="ml-gd-clip">
              <rect x={0} y={0} width={S} height={S} />
            </clipPath>
          </defs>
          <rect x={0} y={0} width={S} height={S} className="ml-plot-bg" />
          <g clipPath="url(#ml-gd-clip)">
            {levels.map((l) => (
              <path key={l} d={ellipse(l)} className="ml-contour" />
            ))}
            <line x1={x(-D)} x2={x(D)} y1={y(0)} y2={y(0)} className="ml-grid" />
            <line x1={x(0)} x2={x(0)} y1={y(-D)} y2={y(D)} className="ml-grid" />
            <path
              d={polyline(
                shown.map((p) => x(p[0])),
                shown.map((p) => y(p[1])),
              )}
              className="ml-line-a"
            />
            {shown.map((p, i) => (
              <circle key={i} cx={x(p[0])} cy={y(p[1])} r={i === 0 ? 4.5 : 2.2} className={i === 0 ? 'ml-start' : 'ml-dot-a'} />
            ))}
            <circle cx={x(0)} cy={y(0)} r={3} className="ml-target" />
          </g>
          {onSurface}
        </Figure>
        <Figure
          width={lf.width}
          height={lf.height}
          title="스텝별 손실 (로그 눈금)"
          desc={`손실이 ${fmt(view.loss[0])}에서 ${view.loss.length - 1}스텝 뒤 ${fmt(final)}${final > view.loss[0] ? '로 커졌습니다' : '로 줄었습니다'}.`}
          caption={`스텝별 손실 · 마지막 ${fmt(final, 4)}`}
        >
          <Axes f={lf} x={lx} y={ly} xTicks={ticks(0, view.loss.length - 1, 5)} yTicks={ticks(ylo, yhi, 4).filter((t) => Number.isInteger(t))} fy={(t) => `1e${t}`} xLabel="스텝" yLabel="손실" />
          <path d={polyline(logLoss.map((_, i) => lx(i)), logLoss.map((v) => ly(v)))} className="ml-line-a" />
        </Figure>
      </div>
      <p className="ml-note">
        가장 큰 고윳값 λmax = {λmax}: η &lt; 1/λmax = {fmt(1 / λmax, 3)}이면 단조롭게, 1/λmax &lt; η &lt; 2/λmax = {fmt(2 / λmax, 3)}이면 진동하며 수렴하고, 2/λmax를 넘으면 발산합니다.
      </p>
    </>
  );
}

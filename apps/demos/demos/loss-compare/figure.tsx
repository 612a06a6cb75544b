// The loss comparison: MSE and cross-entropy of a sigmoid output (target 1) and their gradients against the
// logit, with a marker at one z, and the probability during gradient descent under each loss.
import { Axes, Figure, fmt, frame, Legend, linear, polyline, ticks } from 'manifold/ml/ui/svg';
import type { LossCompareOutput } from './types';

export type LossView = Pick<LossCompareOutput, 'curve' | 'at' | 'training' | 'stepsToP90'>;

const F = frame(250, 180, { left: 34, top: 16, right: 8 });

function Curves({ view, kind }: { view: LossView; kind: 'loss' | 'grad' }) {
  const z = view.curve.z;
  const mse = view.curve.mse[kind];
  const ce = view.curve.ce[kind];
  const [lo, hi] = kind === 'loss' ? [0, Math.max(...ce, ...mse) * 1.02] : [-1.05, 0.05];
  const x = linear(z[0], z[z.length - 1], F.left, F.width - F.right);
  const y = linear(lo, hi, F.height - F.bottom, F.top);
  const clamp = (v: number) => y(Math.max(lo, Math.min(hi, v)));
  const atM = view.at.mse[kind];
  const atC = view.at.ce[kind];
  const what = kind === 'loss' ? '손실' : 'Gradient dL/dz';
  return (
    <Figure
      width={F.width}
      height={F.height}
      title={`Logit z에 따른 ${what}: MSE와 Cross Entropy`}
      desc={`z = ${fmt(view.at.z)} (예측 확률 ${fmt(view.at.p, 4)})에서 MSE ${what} ${fmt(atM, 5)}, Cross Entropy ${what} ${fmt(atC, 5)}.`}
      caption={`${what} · z = ${fmt(view.at.z)}에서 MSE ${fmt(atM, 4)}, CE ${fmt(atC, 4)}`}
    >
      <Axes f={F} x={x} y={y} xTicks={ticks(z[0], z[z.length - 1], 4)} yTicks={ticks(lo, hi, 4)} xLabel="logit z" yLabel={what} />
      <path d={polyline(z.map(x), mse.map(clamp))} className="ml-line-b" />
      <path d={polyline(z.map(x), ce.map(clamp))} className="ml-line-a" />
      <line x1={x(view.at.z)} x2={x(view.at.z)} y1={F.top} y2={F.height - F.bottom} className="ml-cursor" />
      <circle cx={x(view.at.z)} cy={clamp(atM)} r={4} className="ml-dot-b" />
      <circle cx={x(view.at.z)} cy={clamp(atC)} r={4} className="ml-dot-a" />
    </Figure>
  );
}

function Training({ view }: { view: LossView }) {
  const n = view.training.mse.p.length;
  const x = linear(0, n - 1, F.left, F.width - F.right);
  const y = linear(0, 1, F.height - F.bottom, F.top);
  const steps = (v: number | null) => (v === null ? `${view.training.steps}스텝 안에 도달하지 못함` : `${v}스텝`);
  return (
    <Figure
      width={F.width}
      height={F.height}
      title="경사하강법 동안의 예측 확률"
      desc={`z = ${fmt(view.training.initialZ)}에서 학습률 ${view.training.lr}로 출발했을 때 예측 확률이 0.9에 도달하기까지: Cross Entropy ${steps(view.stepsToP90.ce)}, MSE ${steps(view.stepsToP90.mse)}.`}
      caption={`학습 곡선 · p ≥ 0.9까지 CE ${steps(view.stepsToP90.ce)}, MSE ${steps(view.stepsToP90.mse)}`}
    >
      <Axes f={F} x={x} y={y} xTicks={ticks(0, n - 1, 5)} yTicks={[0, 0.25, 0.5, 0.75, 1]} xLabel="스텝" yLabel="예측 확률 σ(z)" />
      <line x1={F.left} x2={F.width - F.right} y1={y(0.9)} y2={y(0.9)} className="ml-cursor" />
      <path d={polyline(view.training.mse.p.map((_, i) => x(i)), view.training.mse.p.map(y))} className="ml-line-b" />
      <path d={polyline(view.training.ce.p.map((_, i) => x(i)), view.training.ce.p.map(y))} className="ml-line-a" />
    </Figure>
  );
}

export function LossCompareFigure({ view }: { view: LossView }) {
  const ratio = Math.abs(view.at.ce.grad / (view.at.mse.grad || 1e-12));
  return (
    <>
      <Legend
        items={[
          { label: 'Cross Entropy  −log σ(z)', className: 'ml-line-a' },
          { label: 'MSE  ½(σ(z) − 1)²', className: 'ml-line-b' },
        ]}
      />
      <div className="ml-panels ml-panels-3">
        <Curves view={view} kind="loss" />
        <Curves view={view} kind="grad" />
        <Training view={view} />
      </div>
      <p className="ml-note">
        정답이 1인데 z = {fmt(view.at.z)}(예측 확률 {fmt(view.at.p, 4)})이면 Cross Entropy의 Gradient가 MSE의 약 {fmt(ratio, 0)}배입니다. 틀린 쪽으로 확신할수록(z가 작을수록) MSE는 거의 배우지 못합니다.
      </p>
    </>
  );
}

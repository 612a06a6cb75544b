'use client';
// <LossCompare />: MSE vs cross-entropy for a sigmoid output.
import { LossCompareFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { LOSS_PREVIEW } from './preview';
import { LossControls } from './controls';
import { Status } from 'manifold/ml/ui/svg';

const load = () => import('./demo.client');

export default function LossCompare(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="MSE vs Cross Entropy 데모: 틀렸을 때 얼마나 빨리 배우나">
      {/* The live demo's shape with its controls disabled: the page does not move when it goes live. */}
      <div className="ml-demo">
        <LossControls value={{ z: LOSS_PREVIEW.at.z, initialZ: LOSS_PREVIEW.training.initialZ, lr: LOSS_PREVIEW.training.lr, steps: LOSS_PREVIEW.training.steps }} />
        <LossCompareFigure view={LOSS_PREVIEW} />
        <Status pending={false} />
      </div>
    </LazyDemo>
  );
}

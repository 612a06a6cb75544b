'use client';
// <LossCompare />: MSE vs cross-entropy for a sigmoid output.
import { LossCompareFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { LOSS_PREVIEW } from './preview';

const load = () => import('./demo.client');

export default function LossCompare(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="MSE vs Cross Entropy 데모: 틀렸을 때 얼마나 빨리 배우나">
      <LossCompareFigure view={LOSS_PREVIEW} />
    </LazyDemo>
  );
}

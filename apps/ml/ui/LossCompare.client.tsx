'use client';
// <LossCompare />: MSE vs cross-entropy for a sigmoid output.
import preview from '../../../content/models/loss-compare/preview.json';
import { LossCompareFigure, type LossView } from './figures/loss-compare';
import { LazyDemo } from './lazy.client';

const load = () => import('./demos/loss-compare.client');
export const LOSS_PREVIEW = preview as LossView;

export default function LossCompare(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="MSE vs Cross Entropy 데모: 틀렸을 때 얼마나 빨리 배우나">
      <LossCompareFigure view={LOSS_PREVIEW} />
    </LazyDemo>
  );
}

'use client';
// <DaRnn />: the dual-stage attention RNN on a simulated room, prediction vs truth and both attentions.
import { DaRnnFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { DA_RNN_PREVIEW } from './preview';

const load = () => import('./demo.client');

export default function DaRnn(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="DA-RNN 데모: 센서 8개로 실내 온도 예측하기">
      <DaRnnFigure view={DA_RNN_PREVIEW} />
    </LazyDemo>
  );
}

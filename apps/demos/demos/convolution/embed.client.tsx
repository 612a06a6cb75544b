'use client';
// <Convolution />: a 1-D signal and a 2-D drawing convolved with a kernel the reader picks.
import { Conv1dFigure, Conv2dFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { CONV_PREVIEW } from './preview';

const load = () => import('./demo.client');

export default function Convolution(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Convolution 데모: 커널을 골라 출력 계산 따라가기">
      <Conv1dFigure view={CONV_PREVIEW.signal} />
      <Conv2dFigure view={CONV_PREVIEW.image} />
    </LazyDemo>
  );
}

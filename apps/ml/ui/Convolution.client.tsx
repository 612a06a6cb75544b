'use client';
// <Convolution />: a 1-D signal and a 2-D drawing convolved with a kernel the reader picks.
import preview from '../../../content/models/convolution/preview.json';
import { Conv1dFigure, Conv2dFigure, type Conv1dView, type Conv2dView } from './figures/convolution';
import { LazyDemo } from './lazy.client';

const load = () => import('./demos/convolution.client');
export const CONV_PREVIEW = preview as { signal: Conv1dView; image: Conv2dView };

export default function Convolution(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Convolution 데모: 커널을 골라 출력 계산 따라가기">
      <Conv1dFigure view={CONV_PREVIEW.signal} />
      <Conv2dFigure view={CONV_PREVIEW.image} />
    </LazyDemo>
  );
}

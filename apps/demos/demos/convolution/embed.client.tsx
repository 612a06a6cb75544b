'use client';
// <Convolution />: a 1-D signal and a 2-D drawing convolved with a kernel the reader picks.
import { Conv1dFigure, Conv2dFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { CONV_PREVIEW } from './preview';
import { Conv1dInputs, Conv1dPicker, ConvTopControls, KERNELS_1D, presetOf, sum } from './controls';
import { Status } from 'manifold/ml/ui/svg';

const s1 = CONV_PREVIEW.signal;

const load = () => import('./demo.client');

export default function Convolution(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Convolution 데모: 커널을 골라 출력 계산 따라가기">
      {/* The live demo's first view (1-D) with its controls disabled, so the page does not move when it goes live; the
          2-D figure, one click away in the live demo, is shown here only to readers without JavaScript. */}
      <div className="ml-demo">
        <ConvTopControls mode="1d" preset={presetOf(KERNELS_1D, s1.kernel)} stride={s1.stride} padding={s1.padding} normalize={s1.normalize} kernelSum={sum(s1.kernel)} />
        <Conv1dInputs signal={s1.signal} kernel={s1.kernel} />
        <Conv1dFigure view={s1} selected={0} />
        <Conv1dPicker selected={0} outputs={s1.output.length} />
        <Status pending={false} />
      </div>
      <noscript>
        <Conv2dFigure view={CONV_PREVIEW.image} />
      </noscript>
    </LazyDemo>
  );
}

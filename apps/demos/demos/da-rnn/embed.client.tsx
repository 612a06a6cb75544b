'use client';
// <DaRnn />: the dual-stage attention RNN on a simulated room, prediction vs truth and both attentions.
import { DaRnnFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { DA_RNN_PREVIEW } from './preview';
import { DA_RNN_DAY, DaRnnControls } from './controls';
import { Status } from 'manifold/ml/ui/svg';

const load = () => import('./demo.client');

export default function DaRnn(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="DA-RNN 데모: 센서 8개로 실내 온도 예측하기">
      {/* The live demo's shape with its controls disabled: the page does not move when it goes live. */}
      <div className="ml-demo">
        <DaRnnControls day={Math.floor(DA_RNN_PREVIEW.start / DA_RNN_DAY)} sensors={DA_RNN_PREVIEW.sensors} off={[]} />
        <DaRnnFigure view={DA_RNN_PREVIEW} />
        <Status pending={false} />
      </div>
    </LazyDemo>
  );
}

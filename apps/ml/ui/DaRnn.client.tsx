'use client';
// <DaRnn />: the dual-stage attention RNN on a simulated room, prediction vs truth and both attentions.
import preview from '../../../content/models/da-rnn/preview.json';
import { DaRnnFigure, type DaRnnView } from './figures/da-rnn';
import { LazyDemo } from './lazy.client';

const load = () => import('./demos/da-rnn.client');
export const DA_RNN_PREVIEW = preview as DaRnnView;

export default function DaRnn(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="DA-RNN 데모: 센서 8개로 실내 온도 예측하기">
      <DaRnnFigure view={DA_RNN_PREVIEW} />
    </LazyDemo>
  );
}

'use client';
// The interactive DA-RNN: pick a day of the held-out period and switch sensors off (their series is replaced by
// its average) to see how the prediction and both attentions respond; the room's true drivers and lag stay marked.
import { useEffect, useState } from 'react';
import type { DaRnnRangeOutput } from './types';
import { DA_RNN_PREVIEW } from './preview';
import { DaRnnFigure, type DaRnnView } from './figure';
import { Status } from 'manifold/ml/ui/svg';
import { DA_RNN_DAY, DaRnnControls } from './controls';
import { useModel } from 'manifold/ml/ui/use-model';

const DAY = DA_RNN_DAY;

export default function DaRnnDemo() {
  const [day, setDay] = useState(Math.floor(DA_RNN_PREVIEW.start / DAY));
  const [disabled, setDisabled] = useState<string[]>([]);
  const [view, setView] = useState<DaRnnView>(DA_RNN_PREVIEW);
  const model = useModel<DaRnnRangeOutput | null>('da-rnn', null);
  const { request } = model;

  useEffect(() => {
    void request({ start: day * DAY, length: DAY, disable: disabled }, 80).then((out) => out && setView({ ...out, rmseWithout: DA_RNN_PREVIEW.rmseWithout, testRmse: DA_RNN_PREVIEW.testRmse, room: DA_RNN_PREVIEW.room, heldOut: DA_RNN_PREVIEW.heldOut }));
  }, [day, disabled, request]);

  const toggle = (id: string) => setDisabled((d) => (d.includes(id) ? d.filter((x) => x !== id) : [...d, id]));

  return (
    <div className="ml-demo">
      <DaRnnControls day={day} sensors={view.sensors} off={disabled} onDay={setDay} onToggle={toggle} />
      <DaRnnFigure view={view} />
      <Status {...model.status} />
    </div>
  );
}

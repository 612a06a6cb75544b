'use client';
// The interactive DA-RNN: pick a day of the held-out period and switch sensors off (their series is replaced by
// its average) to see how the prediction and both attentions respond; the room's true drivers and lag stay marked.
import { useEffect, useState } from 'react';
import type { DaRnnRangeOutput } from './types';
import { DA_RNN_PREVIEW } from './preview';
import { DaRnnFigure, type DaRnnView } from './figure';
import { Status } from 'manifold/ml/ui/svg';
import { useModel } from 'manifold/ml/ui/use-model';

const DAY = 144;
const DAYS = 9;

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
      <div className="ml-controls">
        <label>
          검증 기간의 날 <span className="ml-out">{day + 1}일째</span>
          <input type="range" min={0} max={DAYS - 1} step={1} value={day} onChange={(e) => setDay(Number(e.target.value))} />
        </label>
      </div>
      <fieldset className="ml-controls ml-sensors">
        <legend>센서 끄기 (그 센서의 값을 평균으로 바꿉니다)</legend>
        {view.sensors.map((s) => (
          <label key={s.id} className="ml-check">
            <input type="checkbox" checked={disabled.includes(s.id)} onChange={() => toggle(s.id)} /> {s.label}
          </label>
        ))}
      </fieldset>
      <DaRnnFigure view={view} />
      <Status {...model.status} />
    </div>
  );
}

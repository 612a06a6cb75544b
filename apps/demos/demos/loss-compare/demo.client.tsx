'use client';
// The interactive loss comparison: move the logit, the starting point, the learning rate and the number of steps.
import { useEffect, useState } from 'react';
import type { LossCompareOutput } from './types';
import { LossCompareFigure, type LossView } from './figure';
import { LOSS_PREVIEW } from './preview';
import { fmt, Status } from 'manifold/ml/ui/svg';
import { useModel } from 'manifold/ml/ui/use-model';

export default function LossCompareDemo() {
  const [z, setZ] = useState(LOSS_PREVIEW.at.z);
  const [initialZ, setInitialZ] = useState(LOSS_PREVIEW.training.initialZ);
  const [lr, setLr] = useState(LOSS_PREVIEW.training.lr);
  const [steps, setSteps] = useState(LOSS_PREVIEW.training.steps);
  const [view, setView] = useState<LossView>(LOSS_PREVIEW);
  const model = useModel<LossCompareOutput | null>('loss-compare', null);
  const { request } = model;

  useEffect(() => {
    void request({ z, initialZ, lr, steps }, 80).then((out) => out && setView(out));
  }, [z, initialZ, lr, steps, request]);

  return (
    <div className="ml-demo">
      <div className="ml-controls">
        <label>
          Logit z <span className="ml-out">{fmt(z)}</span>
          <input type="range" min={-10} max={10} step={0.1} value={z} onChange={(e) => setZ(Number(e.target.value))} />
        </label>
        <label>
          학습 시작 z₀ <span className="ml-out">{fmt(initialZ)}</span>
          <input type="range" min={-10} max={2} step={0.5} value={initialZ} onChange={(e) => setInitialZ(Number(e.target.value))} />
        </label>
        <label>
          학습률 <span className="ml-out">{fmt(lr)}</span>
          <input type="range" min={0.1} max={5} step={0.1} value={lr} onChange={(e) => setLr(Number(e.target.value))} />
        </label>
        <label>
          스텝 수 <span className="ml-out">{steps}</span>
          <input type="range" min={10} max={300} step={10} value={steps} onChange={(e) => setSteps(Number(e.target.value))} />
        </label>
      </div>
      <LossCompareFigure view={view} />
      <Status {...model.status} />
    </div>
  );
}

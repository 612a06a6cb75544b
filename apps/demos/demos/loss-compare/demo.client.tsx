'use client';
// The interactive loss comparison: move the logit, the starting point, the learning rate and the number of steps.
import { useEffect, useState } from 'react';
import type { LossCompareOutput } from './types';
import { LossCompareFigure, type LossView } from './figure';
import { LOSS_PREVIEW } from './preview';
import { Status } from 'manifold/ml/ui/svg';
import { LossControls } from './controls';
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
      <LossControls
        value={{ z, initialZ, lr, steps }}
        onChange={(v) => {
          setZ(v.z);
          setInitialZ(v.initialZ);
          setLr(v.lr);
          setSteps(v.steps);
        }}
      />
      <LossCompareFigure view={view} />
      <Status {...model.status} />
    </div>
  );
}

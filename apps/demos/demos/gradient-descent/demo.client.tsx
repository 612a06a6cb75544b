'use client';
// The interactive gradient descent: pick a learning rate and a number of steps, click the surface to start
// elsewhere; the server runs the steps with tf.grad.
import { useEffect, useState, type PointerEvent } from 'react';
import type { GradientDescentOutput } from './types';
import { GradientDescentFigure, surfaceScales, type GdView } from './figure';
import { GD_STEPS, GD_SURFACE, staticView } from './preview';
import { Status } from 'manifold/ml/ui/svg';
import { GdControls } from './controls';
import { useModel } from 'manifold/ml/ui/use-model';

export default function GradientDescentDemo({ lr: initialLr }: { lr: number }) {
  const [lr, setLr] = useState(initialLr);
  const [steps, setSteps] = useState(GD_STEPS);
  const [start, setStart] = useState(GD_SURFACE.start);
  const [view, setView] = useState<GdView>(() => staticView(initialLr));
  const model = useModel<GradientDescentOutput | null>('gradient-descent', null);
  const { request } = model;

  useEffect(() => {
    void request({ lr, steps, start }).then((out) => {
      if (out) setView({ lr, path: out.path, loss: out.loss, status: out.status, lambdas: GD_SURFACE.lambdas, angle: GD_SURFACE.angle });
    });
  }, [lr, steps, start, request]);

  const { x, y } = surfaceScales();
  const pick = (e: PointerEvent<SVGRectElement>) => {
    const ctm = e.currentTarget.ownerSVGElement?.getScreenCTM();
    if (!ctm) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    const inv = (v: number, s: (t: number) => number) => -5 + ((v - s(-5)) / (s(5) - s(-5))) * 10;
    setStart([Math.round(inv(p.x, x) * 100) / 100, Math.round(inv(p.y, y) * 100) / 100]);
  };
  const crit = 2 / Math.max(...GD_SURFACE.lambdas);

  return (
    <div className="ml-demo">
      <GdControls lr={lr} steps={steps} start={start} crit={crit} onLr={setLr} onSteps={setSteps} onReset={() => setStart(GD_SURFACE.start)} />
      <GradientDescentFigure view={view} onSurface={<rect x={0} y={0} width={260} height={260} className="ml-drag-surface" onPointerDown={pick} />} />
      <Status {...model.status} />
    </div>
  );
}

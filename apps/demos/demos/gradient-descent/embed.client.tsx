'use client';
// <GradientDescent lr={0.1} />: gradient descent on a quadratic for the post's learning rate.
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { GradientDescentFigure } from './figure';
import { GD_STEPS, GD_SURFACE, readLr, staticView } from './preview';
import { GdControls } from './controls';
import { Status } from 'manifold/ml/ui/svg';

const load = () => import('./demo.client');

export default function GradientDescent(props: Record<string, unknown>) {
  const lr = readLr(props.lr);
  return (
    <LazyDemo load={load} props={{ lr }} title="경사하강법 데모: 학습률에 따른 경로">
      {/* The live demo's shape with its controls disabled: the page does not move when it goes live. */}
      <div className="ml-demo">
        <GdControls lr={lr} steps={GD_STEPS} start={GD_SURFACE.start} crit={2 / Math.max(...GD_SURFACE.lambdas)} />
        <GradientDescentFigure view={staticView(lr)} />
        <Status pending={false} />
      </div>
    </LazyDemo>
  );
}

'use client';
// <GradientDescent lr={0.1} />: gradient descent on a quadratic for the post's learning rate.
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { GradientDescentFigure } from './figure';
import { readLr, staticView } from './preview';

const load = () => import('./demo.client');

export default function GradientDescent(props: Record<string, unknown>) {
  const lr = readLr(props.lr);
  return (
    <LazyDemo load={load} props={{ lr }} title="경사하강법 데모: 학습률에 따른 경로">
      <GradientDescentFigure view={staticView(lr)} />
    </LazyDemo>
  );
}

'use client';
// <Dcgan />: samples of the project's DCGAN generator and an interpolation between two latent vectors.
import { DcganFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { DCGAN_PREVIEW } from './preview';

const load = () => import('./demo.client');

export default function Dcgan(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="DCGAN 데모: Latent Vector로 숫자 그리기">
      <DcganFigure view={DCGAN_PREVIEW} />
    </LazyDemo>
  );
}

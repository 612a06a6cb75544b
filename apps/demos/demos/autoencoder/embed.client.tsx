'use client';
// <Autoencoder />: the swiss roll through a 2-D bottleneck, beside PCA. Static first state from training time.
import { AutoencoderFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { AUTOENCODER_PREVIEW } from './preview';

const load = () => import('./demo.client');

export default function Autoencoder(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Auto Encoder 데모: Swiss Roll을 2차원으로 접었다 펴기">
      <AutoencoderFigure view={AUTOENCODER_PREVIEW} />
    </LazyDemo>
  );
}

'use client';
// <Autoencoder />: the swiss roll through a 2-D bottleneck, beside PCA. Static first state from training time.
import preview from '../../../content/models/autoencoder/preview.json';
import { AutoencoderFigure, type AutoencoderView } from './figures/autoencoder';
import { LazyDemo } from './lazy.client';

const load = () => import('./demos/autoencoder.client');
export const AUTOENCODER_PREVIEW = preview as AutoencoderView;

export default function Autoencoder(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Auto Encoder 데모: Swiss Roll을 2차원으로 접었다 펴기">
      <AutoencoderFigure view={AUTOENCODER_PREVIEW} />
    </LazyDemo>
  );
}

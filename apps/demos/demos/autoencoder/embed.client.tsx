'use client';
// <Autoencoder />: the swiss roll through a 2-D bottleneck, beside PCA. Static first state from training time.
import { AutoencoderFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { AUTOENCODER_PREVIEW } from './preview';
import { AutoencoderControls, startIndex } from './controls';
import { Status } from 'manifold/ml/ui/svg';

const load = () => import('./demo.client');

// The decoder's answer for the starting handle is the stored reconstruction of the same sample.
const start = startIndex(AUTOENCODER_PREVIEW);

export default function Autoencoder(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Auto Encoder 데모: Swiss Roll을 2차원으로 접었다 펴기">
      {/* The live demo's shape with its controls disabled: the page does not move when it goes live. */}
      <div className="ml-demo">
        <AutoencoderControls range={AUTOENCODER_PREVIEW.latentRange} handle={AUTOENCODER_PREVIEW.latent[start]} azimuth={15} decoded={AUTOENCODER_PREVIEW.reconstruction[start]} />
        <AutoencoderFigure view={AUTOENCODER_PREVIEW} />
        <Status pending={false} />
      </div>
    </LazyDemo>
  );
}

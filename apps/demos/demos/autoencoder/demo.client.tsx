'use client';
// The interactive autoencoder: drag a point in latent space (or use the two sliders) and the server's decoder
// draws it in 3-D; draw a new sample of the roll and see both reconstructions and their errors; turn the view.
import { useEffect, useState, type PointerEvent } from 'react';
import { rng } from 'manifold/ml/models/random';
import { swissRoll } from 'manifold/ml/models/data';
import type { AutoencoderOutput } from './types';
import { AutoencoderFigure, latentScales, Marker, type AutoencoderView } from './figure';
import { AUTOENCODER_PREVIEW } from './preview';
import { Status } from 'manifold/ml/ui/svg';
import { AUTOENCODER_SAMPLE, AutoencoderControls, startIndex } from './controls';
import { useModel } from 'manifold/ml/ui/use-model';

const SAMPLE = AUTOENCODER_SAMPLE;

export default function AutoencoderDemo() {
  const [view, setView] = useState<AutoencoderView>(AUTOENCODER_PREVIEW);
  const [azimuth, setAzimuth] = useState(15);
  const range = view.latentRange;
  const [handle, setHandle] = useState<number[]>(() => view.latent[startIndex(view)]);
  const [sampleSeed, setSampleSeed] = useState(1);
  const decoder = useModel<AutoencoderOutput | null>('autoencoder', null);
  const encoder = useModel<AutoencoderOutput | null>('autoencoder', null);

  const decode = decoder.request;
  useEffect(() => {
    void decode({ latent: [handle] }, 40);
  }, [handle, decode]);

  const resample = async () => {
    const seed = sampleSeed + 1;
    setSampleSeed(seed);
    const { points, t } = swissRoll(rng(seed), SAMPLE);
    const rows = Array.from({ length: SAMPLE }, (_, i) => [points[3 * i], points[3 * i + 1], points[3 * i + 2]].map((v) => Math.round(v * 100) / 100));
    const out = await encoder.request({ points: rows }, 0);
    if (out?.latent && out.pca && out.mse) {
      setView({ ...view, points: rows, t: Array.from(t), latent: out.latent, reconstruction: out.reconstruction, pca: out.pca.reconstruction, mse: out.mse });
    }
  };

  const ls = latentScales(range);
  const toLatent = (e: PointerEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    const ctm = svg?.getScreenCTM();
    if (!svg || !ctm) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    const inv = (v: number, lo: number, hi: number, r0: number, r1: number) => Math.min(hi, Math.max(lo, lo + ((v - r0) / (r1 - r0)) * (hi - lo)));
    setHandle([inv(p.x, range[0][0], range[0][1], ls.x(range[0][0]), ls.x(range[0][1])), inv(p.y, range[1][0], range[1][1], ls.y(range[1][0]), ls.y(range[1][1]))]);
  };
  const decoded = decoder.data ? { latent: handle, point: decoder.data.reconstruction[0] } : null;
  const latentHandle = (
    <>
      <rect
        className="ml-drag-surface"
        x={0}
        y={0}
        width={240}
        height={200}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          toLatent(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons) toLatent(e);
        }}
      />
      <Marker x={ls.x(handle[0])} y={ls.y(handle[1])} />
    </>
  );
  const status = encoder.status.pending || encoder.status.error ? encoder.status : decoder.status;

  return (
    <div className="ml-demo">
      <AutoencoderControls range={range} handle={handle} azimuth={azimuth} decoded={decoded ? decoded.point : null} onHandle={setHandle} onAzimuth={setAzimuth} onResample={() => void resample()} />
      <AutoencoderFigure view={view} azimuth={azimuth} decoded={decoded} latentHandle={latentHandle} />
      <Status {...status} />
    </div>
  );
}

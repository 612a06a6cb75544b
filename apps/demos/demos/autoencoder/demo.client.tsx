'use client';
// The interactive autoencoder: drag a point in latent space (or use the two sliders) and the server's decoder
// draws it in 3-D; draw a new sample of the roll and see both reconstructions and their errors; turn the view.
import { useEffect, useState, type PointerEvent } from 'react';
import { rng } from 'manifold/ml/models/random';
import { swissRoll } from 'manifold/ml/models/data';
import type { AutoencoderOutput } from './types';
import { AutoencoderFigure, latentScales, Marker, type AutoencoderView } from './figure';
import { AUTOENCODER_PREVIEW } from './preview';
import { fmt, Status } from 'manifold/ml/ui/svg';
import { useModel } from 'manifold/ml/ui/use-model';

const SAMPLE = 180;

export default function AutoencoderDemo() {
  const [view, setView] = useState<AutoencoderView>(AUTOENCODER_PREVIEW);
  const [azimuth, setAzimuth] = useState(15);
  const range = view.latentRange;
  // Start the handle on a point of the roll (the middle of t's range), not in an empty part of the latent map.
  const [handle, setHandle] = useState<number[]>(() => {
    const mid = (1.5 * Math.PI + 4.5 * Math.PI) / 2;
    let best = 0;
    view.t.forEach((t, i) => (Math.abs(t - mid) < Math.abs(view.t[best] - mid) ? (best = i) : null));
    return view.latent[best];
  });
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
  const step = (i: number) => (range[i][1] - range[i][0]) / 100;
  const status = encoder.status.pending || encoder.status.error ? encoder.status : decoder.status;

  return (
    <div className="ml-demo">
      <div className="ml-controls">
        <label>
          Latent a <span className="ml-out">{fmt(handle[0])}</span>
          <input type="range" min={range[0][0]} max={range[0][1]} step={step(0)} value={handle[0]} onChange={(e) => setHandle([Number(e.target.value), handle[1]])} />
        </label>
        <label>
          Latent b <span className="ml-out">{fmt(handle[1])}</span>
          <input type="range" min={range[1][0]} max={range[1][1]} step={step(1)} value={handle[1]} onChange={(e) => setHandle([handle[0], Number(e.target.value)])} />
        </label>
        <label>
          보는 각도 <span className="ml-out">{azimuth}°</span>
          <input type="range" min={0} max={360} step={5} value={azimuth} onChange={(e) => setAzimuth(Number(e.target.value))} />
        </label>
        <button type="button" className="ml-button" onClick={() => void resample()}>
          새 표본 {SAMPLE}개로 다시 계산
        </button>
      </div>
      <p className="ml-hint">② Latent 공간을 누르거나 끌면(또는 슬라이더로) 그 좌표를 Decoder가 3차원 점으로 만들어 ①과 ③에 표시합니다{decoded ? ` — 지금 (${decoded.point.map((v) => fmt(v, 1)).join(', ')})` : ''}.</p>
      <AutoencoderFigure view={view} azimuth={azimuth} decoded={decoded} latentHandle={latentHandle} />
      <Status {...status} />
    </div>
  );
}

'use client';
// The interactive DCGAN: draw new samples, pick two of them (A and B) to interpolate between, and nudge A's first
// latent components to see the generator's output move smoothly.
import { useEffect, useState } from 'react';
import type { DcganOutput } from './types';
import { DCGAN_PREVIEW } from './preview';
import { Gallery, ManifoldNote } from './figure';
import { fmt, Status } from 'manifold/ml/ui/svg';
import { useModel } from 'manifold/ml/ui/use-model';

const DIMS = 4;

export default function DcganDemo() {
  const [seed, setSeed] = useState(DCGAN_PREVIEW.samples.seed);
  const samples = useModel<DcganOutput>('dcgan', { images: DCGAN_PREVIEW.samples.images, z: [], width: 16, height: 16 });
  const interp = useModel<DcganOutput>('dcgan', { images: DCGAN_PREVIEW.interpolation.images, z: [], width: 16, height: 16 });
  const [a, setA] = useState(0);
  const [b, setB] = useState(5);
  const [next, setNext] = useState<'A' | 'B'>('A');
  const [offsets, setOffsets] = useState<number[]>(Array(DIMS).fill(0));
  const requestSamples = samples.request;
  const requestInterp = interp.request;

  useEffect(() => {
    void requestSamples({ seed, count: 16 }, 0);
  }, [seed, requestSamples]);

  const zs = samples.data.z;
  useEffect(() => {
    if (!zs.length) return;
    const from = zs[a].map((v, i) => (i < DIMS ? Math.max(-10, Math.min(10, v + offsets[i])) : v));
    void requestInterp({ interpolate: { from, to: zs[b], steps: 8 } }, 60);
  }, [zs, a, b, offsets, requestInterp]);

  const pick = (i: number) => {
    if (next === 'A') {
      setA(i);
      setOffsets(Array(DIMS).fill(0));
      setNext('B');
    } else {
      setB(i);
      setNext('A');
    }
  };
  const status = samples.status.pending || samples.status.error ? samples.status : interp.status;

  return (
    <div className="ml-demo">
      <div className="ml-controls">
        <button type="button" className="ml-button" onClick={() => setSeed(seed + 1)}>
          새로 뽑기 (seed {seed + 1})
        </button>
        <fieldset className="ml-segmented">
          <legend>누른 이미지를</legend>
          <label>
            <input type="radio" name="ml-dcgan-next" checked={next === 'A'} onChange={() => setNext('A')} /> A로
          </label>
          <label>
            <input type="radio" name="ml-dcgan-next" checked={next === 'B'} onChange={() => setNext('B')} /> B로
          </label>
        </fieldset>
      </div>
      <div className="ml-panels ml-panels-2">
        <Gallery images={samples.data.images} columns={4} label="Generator 샘플: 이미지를 눌러 보간의 시작(A)과 끝(B)을 고릅니다" caption={`Generator 샘플 (seed ${seed}) — 눌러서 A·B 고르기`} onPick={pick} badge={(i) => (i === a && i === b ? 'A·B' : i === a ? 'A' : i === b ? 'B' : undefined)} />
        <Gallery images={interp.data.images} columns={4} label="A에서 B까지 Latent Vector를 8단계로 보간한 이미지" caption="A(왼쪽 위) → B(오른쪽 아래) 보간" />
      </div>
      {DCGAN_PREVIEW.onManifold && <ManifoldNote m={DCGAN_PREVIEW.onManifold} />}
      <div className="ml-controls">
        {offsets.map((o, i) => (
          <label key={i}>
            A의 z[{i}] 더하기 <span className="ml-out">{fmt(o, 1)}</span>
            <input type="range" min={-3} max={3} step={0.1} value={o} onChange={(e) => setOffsets(offsets.map((x, j) => (j === i ? Number(e.target.value) : x)))} />
          </label>
        ))}
      </div>
      <Status {...status} />
    </div>
  );
}

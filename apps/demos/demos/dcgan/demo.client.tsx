'use client';
// The interactive DCGAN: draw new samples, pick two of them (A and B) to interpolate between, and nudge A's first
// latent components to see the generator's output move smoothly.
import { useEffect, useState } from 'react';
import type { DcganOutput } from './types';
import { DCGAN_PREVIEW } from './preview';
import { DCGAN_DIMS, DcganSliders, DcganTopControls, Gallery, ManifoldNote } from './figure';
import { Status } from 'manifold/ml/ui/svg';
import { useModel } from 'manifold/ml/ui/use-model';

const DIMS = DCGAN_DIMS;

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
      <DcganTopControls seed={seed} next={next} onSeed={() => setSeed(seed + 1)} onNext={setNext} />
      <div className="ml-panels ml-panels-2">
        <Gallery images={samples.data.images} columns={4} label="Generator 샘플: 이미지를 눌러 보간의 시작(A)과 끝(B)을 고릅니다" caption={`Generator 샘플 (seed ${seed}) — 눌러서 A·B 고르기`} onPick={pick} badge={(i) => (i === a && i === b ? 'A·B' : i === a ? 'A' : i === b ? 'B' : undefined)} />
        <Gallery images={interp.data.images} columns={4} label="A에서 B까지 Latent Vector를 8단계로 보간한 이미지" caption="A(왼쪽 위) → B(오른쪽 아래) 보간" />
      </div>
      {DCGAN_PREVIEW.onManifold && <ManifoldNote m={DCGAN_PREVIEW.onManifold} />}
      <DcganSliders offsets={offsets} onChange={(i, v) => setOffsets(offsets.map((x, j) => (j === i ? v : x)))} />
      <Status {...status} />
    </div>
  );
}

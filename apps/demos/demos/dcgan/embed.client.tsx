'use client';
// <Dcgan />: samples of the project's DCGAN generator and an interpolation between two latent vectors.
import { DCGAN_DIMS, DcganSliders, DcganTopControls, Gallery, ManifoldNote } from './figure';
import { Status } from 'manifold/ml/ui/svg';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { DCGAN_PREVIEW } from './preview';

const load = () => import('./demo.client');
const badge = (i: number) => (i === 0 ? 'A' : i === 5 ? 'B' : undefined);

export default function Dcgan(props: Record<string, unknown>) {
  const seed = DCGAN_PREVIEW.samples.seed;
  return (
    <LazyDemo load={load} props={props} title="DCGAN 데모: Latent Vector로 숫자 그리기">
      {/* The live demo's shape with its controls disabled (the same captions, A and B marked where the demo starts):
          its height is reserved, so the page does not move when it goes live. */}
      <div className="ml-demo">
        <DcganTopControls seed={seed} next="A" />
        <div className="ml-panels ml-panels-2">
          <Gallery images={DCGAN_PREVIEW.samples.images} columns={4} label={`DCGAN Generator가 무작위 Latent Vector ${DCGAN_PREVIEW.samples.images.length}개로 만든 16×16 숫자 이미지`} caption={`Generator 샘플 (seed ${seed}) — 눌러서 A·B 고르기`} badge={badge} />
          <Gallery images={DCGAN_PREVIEW.interpolation.images} columns={4} label="두 Latent Vector 사이를 직선으로 8단계 보간해 만든 이미지: 한 숫자가 다른 숫자로 서서히 바뀝니다" caption="A(왼쪽 위) → B(오른쪽 아래) 보간" />
        </div>
        {DCGAN_PREVIEW.onManifold && <ManifoldNote m={DCGAN_PREVIEW.onManifold} />}
        <DcganSliders offsets={Array(DCGAN_DIMS).fill(0)} />
        <Status pending={false} />
      </div>
    </LazyDemo>
  );
}

'use client';
// <Dcgan />: samples of the project's DCGAN generator and an interpolation between two latent vectors.
import preview from '../../../content/models/dcgan/preview.json';
import { DcganFigure, type DcganView } from './figures/dcgan';
import { LazyDemo } from './lazy.client';

const load = () => import('./demos/dcgan.client');
export const DCGAN_PREVIEW = preview as DcganView;

export default function Dcgan(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="DCGAN 데모: Latent Vector로 숫자 그리기">
      <DcganFigure view={DCGAN_PREVIEW} />
    </LazyDemo>
  );
}

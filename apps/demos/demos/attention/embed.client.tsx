'use client';
// <Attention />: a tiny Transformer encoder that reverses strings, with every head's attention map.
import { AttentionControls, AttentionFigure } from './figure';
import { Status } from 'manifold/ml/ui/svg';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { ATTENTION_PREVIEW } from './preview';

const load = () => import('./demo.client');

export default function Attention(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Self-Attention 데모: 문자열을 뒤집는 작은 Transformer">
      {/* The live demo's shape, disabled: its height is reserved, so the page does not move when it goes live. */}
      <div className="ml-demo">
        <AttentionControls text={ATTENTION_PREVIEW.input.join('')} />
        <AttentionFigure view={ATTENTION_PREVIEW} />
        <Status pending={false} />
      </div>
    </LazyDemo>
  );
}

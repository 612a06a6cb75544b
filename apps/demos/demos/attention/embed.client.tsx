'use client';
// <Attention />: a tiny Transformer encoder that reverses strings, with every head's attention map.
import { AttentionFigure } from './figure';
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { ATTENTION_PREVIEW } from './preview';

const load = () => import('./demo.client');

export default function Attention(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Self-Attention 데모: 문자열을 뒤집는 작은 Transformer">
      <AttentionFigure view={ATTENTION_PREVIEW} />
    </LazyDemo>
  );
}

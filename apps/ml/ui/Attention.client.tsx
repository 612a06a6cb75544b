'use client';
// <Attention />: a tiny Transformer encoder that reverses strings, with every head's attention map.
import preview from '../../../content/models/attention/preview.json';
import meta from '../../../content/models/attention/meta.json';
import { AttentionFigure, type AttentionView } from './figures/attention';
import { LazyDemo } from './lazy.client';

const load = () => import('./demos/attention.client');
export const ATTENTION_PREVIEW: AttentionView = { ...(preview as AttentionView), heldOutAccuracy: meta.metrics.heldOutSequenceAccuracy };

export default function Attention(props: Record<string, unknown>) {
  return (
    <LazyDemo load={load} props={props} title="Self-Attention 데모: 문자열을 뒤집는 작은 Transformer">
      <AttentionFigure view={ATTENTION_PREVIEW} />
    </LazyDemo>
  );
}

'use client';
// The interactive attention maps: type up to 8 letters or digits and see how each head spreads its attention.
import { useEffect, useState } from 'react';
import type { AttentionOutput } from './types';
import { ATTENTION_PREVIEW } from './preview';
import { ATTENTION_MAX, AttentionControls, AttentionFigure, refusal, type AttentionView } from './figure';
import { Status } from 'manifold/ml/ui/svg';
import { useModel } from 'manifold/ml/ui/use-model';

const MAX = ATTENTION_MAX;
const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, MAX);

export default function AttentionDemo() {
  const [text, setText] = useState(ATTENTION_PREVIEW.input.join(''));
  const [view, setView] = useState<AttentionView>(ATTENTION_PREVIEW);
  const [notice, setNotice] = useState('');
  const model = useModel<AttentionOutput | null>('attention', null);
  const { request } = model;

  useEffect(() => {
    if (text) void request({ text }, 120).then((out) => out && setView({ ...out, heldOutAccuracy: ATTENTION_PREVIEW.heldOutAccuracy }));
  }, [text, request]);

  return (
    <div className="ml-demo">
      <AttentionControls
        text={text}
        notice={notice}
        onText={(raw) => {
          // Korean typed through an IME arrives a syllable at a time: each is refused out loud, never silently dropped.
          setNotice(refusal(raw, MAX));
          setText(clean(raw));
        }}
      />
      <AttentionFigure view={view} />
      <Status {...model.status} />
    </div>
  );
}

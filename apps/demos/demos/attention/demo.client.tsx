'use client';
// The interactive attention maps: type up to 8 letters or digits and see how each head spreads its attention.
import { useEffect, useState } from 'react';
import type { AttentionOutput } from './types';
import { ATTENTION_PREVIEW } from './preview';
import { AttentionFigure, type AttentionView } from './figure';
import { Status } from 'manifold/ml/ui/svg';
import { useModel } from 'manifold/ml/ui/use-model';

const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8);

export default function AttentionDemo() {
  const [text, setText] = useState(ATTENTION_PREVIEW.input.join(''));
  const [view, setView] = useState<AttentionView>(ATTENTION_PREVIEW);
  const model = useModel<AttentionOutput | null>('attention', null);
  const { request } = model;

  useEffect(() => {
    if (text) void request({ text }, 120).then((out) => out && setView({ ...out, heldOutAccuracy: ATTENTION_PREVIEW.heldOutAccuracy }));
  }, [text, request]);

  return (
    <div className="ml-demo">
      <div className="ml-controls">
        <label>
          입력 문자열 (영문 소문자·숫자, 최대 8자)
          <input type="text" value={text} maxLength={8} autoComplete="off" spellCheck={false} onChange={(e) => setText(clean(e.target.value))} />
        </label>
        {['hello', 'abc123', 'python', 'ml'].map((s) => (
          <button key={s} type="button" className="ml-button" onClick={() => setText(s)}>
            {s}
          </button>
        ))}
      </div>
      <AttentionFigure view={view} />
      <Status {...model.status} />
    </div>
  );
}

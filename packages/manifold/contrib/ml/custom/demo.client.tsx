'use client';
// The interactive <ModelDemo />, loaded near the viewport (embed.client.tsx): the input widget the signature declares
// (drawing/upload, sliders, text, series), and the output view, each answer from POST /api/ml/custom/<slug> (the
// pinned version, or whichever the library serves now). It starts from the author's example and its saved answer, the
// same state as the figure it replaces. The top class (or value) is announced politely as it changes.
import { useCallback, useEffect, useState } from 'react';
import { Status } from '../ui/svg';
import { useModel } from '../ui/use-model';
import { DrawingInput } from './widgets/draw';
import { SeriesBox, SliderInput, TextBox } from './widgets/inputs';
import type { ModelDemoData, ModelDemoProps, ModelOutput, RequestBody, Signature } from './widgets/types';
import { describeOutput, OutputView } from './widgets/views';

type Answer = { output: ModelOutput };

export default function ModelDemoLive(props: ModelDemoProps & { data: ModelDemoData }) {
  const { data } = props;
  const sig = data.signature as Signature;
  const path = `custom/${encodeURIComponent(data.slug)}${data.pinned && data.version ? `?version=${data.version}` : ''}`;
  const model = useModel<Answer | null>(path, null);
  const { request, status } = model;
  const [output, setOutput] = useState<ModelOutput | null>(data.exampleOutput);
  const ask = useCallback(
    (body: RequestBody, delay = 150) => {
      void request(body, delay).then((r) => r && setOutput(r.output));
    },
    [request],
  );

  const input = sig.input;
  const ex = data.example;
  const [values, setValues] = useState<Record<string, number>>(() =>
    input.kind === 'vector' ? Object.fromEntries(input.fields.map((f) => [f.name, ex && 'values' in ex ? (ex.values[f.name] ?? f.default) : f.default])) : {},
  );
  const [text, setText] = useState(() => (ex && 'text' in ex ? ex.text : ''));
  const [rows, setRows] = useState<number[][]>(() => (ex && 'rows' in ex ? ex.rows : input.kind === 'series' ? Array.from({ length: input.length }, () => input.columns.map(() => 0)) : []));
  // Without a saved answer (an example saved before this version), ask once for the example's.
  useEffect(() => {
    if (!data.exampleOutput && ex) ask(ex, 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onPixels = useCallback((pixels: number[]) => ask({ pixels }, 60), [ask]);
  let widget;
  if (input.kind === 'image') widget = <DrawingInput input={input} initial={ex && 'pixels' in ex ? ex.pixels : null} onPixels={onPixels} />;
  else if (input.kind === 'vector')
    widget = (
      <SliderInput
        input={input}
        values={values}
        onValues={(v) => {
          setValues(v);
          ask({ values: v });
        }}
      />
    );
  else if (input.kind === 'text')
    widget = (
      <TextBox
        input={input}
        text={text}
        onText={(t, final) => {
          setText(t);
          if (final && t.trim()) ask({ text: t }, 300);
        }}
      />
    );
  else
    widget = (
      <SeriesBox
        input={input}
        rows={rows}
        onRows={(r) => {
          setRows(r);
          ask({ rows: r }, 300);
        }}
      />
    );

  return (
    <div className="mdm-live" data-mdm-live="">
      <div className="mdm-panels">
        <div className="mdm-panel">
          <p className="mdm-panel-title">입력 / Input</p>
          {widget}
        </div>
        <div className="mdm-panel">
          <p className="mdm-panel-title">출력 / Output</p>
          <OutputView output={sig.output} value={output} />
          <p className="mdm-said" aria-live="polite" aria-atomic="true" data-mdm-said="">
            {describeOutput(output)}
          </p>
        </div>
      </div>
      <Status pending={status.pending} error={status.error} meta={status.meta ? { version: String(status.meta.version), inferenceMs: status.meta.inferenceMs } : undefined} />
    </div>
  );
}

// The other inputs of <ModelDemo />: named sliders (vector), a text box that waits for an IME composition to end
// before it asks (Korean is typed through one), and a series as CSV-like rows in a textarea.
import { useId, useRef, useState } from 'react';
import type { SeriesInput, TextInput, VectorInput } from './types';
import { parseSeries, seriesText } from './pixels';
import { Sparkline } from './views';

export function SliderInput({ input, values, onValues }: { input: VectorInput; values: Record<string, number>; onValues: (v: Record<string, number>) => void }) {
  const id = useId();
  return (
    <div className="mdm-sliders">
      {input.fields.map((f, i) => {
        const v = values[f.name] ?? f.default;
        return (
          <div className="mdm-slider" key={f.name}>
            <label htmlFor={`${id}-${i}`}>{f.label || f.name}</label>
            <input id={`${id}-${i}`} type="range" min={f.min} max={f.max} step={f.step || 'any'} value={v} onChange={(e) => onValues({ ...values, [f.name]: Number(e.currentTarget.value) })} />
            <output htmlFor={`${id}-${i}`}>{v}</output>
          </div>
        );
      })}
    </div>
  );
}

export function TextBox({ input, text, onText }: { input: TextInput; text: string; onText: (t: string, final: boolean) => void }) {
  const id = useId();
  const composing = useRef(false);
  return (
    <div className="mdm-textbox">
      <label htmlFor={id}>문장 입력 / Text</label>
      <textarea
        id={id}
        rows={3}
        maxLength={Math.min(10_000, Math.max(200, input.maxLength * 20))}
        value={text}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={(e) => {
          composing.current = false;
          onText(e.currentTarget.value, true);
        }}
        // While a syllable is being composed the text is shown but not sent (a half-typed 한 is not a word).
        onChange={(e) => onText(e.currentTarget.value, !composing.current && !(e.nativeEvent as InputEvent).isComposing)}
      />
      <p className="mdm-hint">{`앞의 ${input.maxLength}개 단어까지 모델이 읽습니다. / The model reads up to ${input.maxLength} words.`}</p>
    </div>
  );
}

export function SeriesBox({ input, rows, onRows }: { input: SeriesInput; rows: number[][]; onRows: (rows: number[][]) => void }) {
  const id = useId();
  const [text, setText] = useState(() => seriesText(rows));
  const [error, setError] = useState('');
  const cols = Math.max(1, input.columns.length);
  return (
    <div className="mdm-series">
      <label htmlFor={id}>{`시계열: 한 줄에 한 시점, ${input.columns.join(', ') || '값'} (${input.length}줄) / Series: one row per step (${input.length} rows)`}</label>
      <textarea
        id={id}
        rows={6}
        value={text}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => {
          const t = e.currentTarget.value;
          setText(t);
          const parsed = parseSeries(t, input.length, cols);
          if ('error' in parsed) setError(parsed.error);
          else {
            setError('');
            onRows(parsed.rows);
          }
        }}
      />
      {error ? (
        <p className="mdm-error" id={`${id}-err`}>
          {error}
        </p>
      ) : (
        <Sparkline values={rows} labels={input.columns} label="입력 시계열 / Input series" />
      )}
    </div>
  );
}

// The attention figure: every head's attention map (query rows × key columns) for one input string, and the
// model's output.
import { useId, type ReactNode } from 'react';
import { Figure } from 'manifold/ml/ui/svg';
import type { AttentionOutput } from './types';

/** A weight or a confidence in [0, 1], always with two decimals, so columns of them line up (0.50, not 0.5). */
export const weight = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

export type AttentionView = Pick<AttentionOutput, 'input' | 'output' | 'expected' | 'confidence' | 'attention' | 'layers' | 'heads'> & {
  /** Measured at training on strings it never saw (meta.json's heldOutSequenceAccuracy). */
  heldOutAccuracy?: number;
};

function HeadMap({ weights, tokens, layer, head }: { weights: number[][]; tokens: string[]; layer: number; head: number }) {
  const n = tokens.length;
  const c = 22;
  // Room for the axis names: "key →" above the key letters, "query" left of the query letters (turned, arrow down).
  const top = 30;
  const left = 32;
  const width = left + n * c + 2;
  const height = top + n * c + 2;
  const strongest = weights.map((row, i) => {
    let best = 0;
    row.forEach((w, j) => (w > row[best] ? (best = j) : null));
    return `${tokens[i]}→${tokens[best]}(${weight(row[best])})`;
  });
  return (
    <Figure width={width} height={height} title={`${layer + 1}층 ${head + 1}번 Head의 Attention`} desc={`행은 query(보는 위치), 열은 key(보이는 위치)입니다. 각 위치가 가장 많이 본 위치와 가중치: ${strongest.join(', ')}.`} caption={`${layer + 1}층 · Head ${head + 1}`}>
      <text x={left + (n * c) / 2} y={9} textAnchor="middle" className="ml-axis-label">
        key (열) →
      </text>
      <text transform={`translate(9 ${top + (n * c) / 2}) rotate(-90)`} textAnchor="middle" className="ml-axis-label">
        {/* Turned a quarter left, so the arrow that leads the text points down the rows. */}
        ← query (행)
      </text>
      {tokens.map((t, j) => (
        <text key={`k${j}`} x={left + j * c + c / 2} y={top - 6} textAnchor="middle" className="ml-token">
          {t}
        </text>
      ))}
      {tokens.map((t, i) => (
        <text key={`q${i}`} x={left - 5} y={top + i * c + c / 2} dy="0.32em" textAnchor="end" className="ml-token">
          {t}
        </text>
      ))}
      {weights.map((row, i) =>
        row.map((w, j) => (
          <rect key={`${i}-${j}`} x={left + j * c} y={top + i * c} width={c - 1} height={c - 1} className="ml-pos" fillOpacity={Math.max(0.04, w)}>
            <title>{`query ${tokens[i]} → key ${tokens[j]}: ${weight(w)}`}</title>
          </rect>
        )),
      )}
    </Figure>
  );
}

export function AttentionFigure({ view }: { view: AttentionView }) {
  const ok = view.output === view.expected;
  return (
    <>
      <p className="ml-note">
        입력 <code>{view.input.join('')}</code> → 출력 <code>{view.output}</code> {ok ? '(정답)' : `(정답은 ${view.expected})`} · 위치별 확신도{' '}
        <span className="ml-out">{view.confidence.map((c) => `${(c * 100).toFixed(1)}%`).join(' · ')}</span>
      </p>
      <p className="ml-note">각 칸은 한 query 글자(행)가 key 글자(열)에 준 attention 가중치(0–1)이고, 진할수록 큽니다. 칸에 마우스를 올리면 값이 보입니다.</p>
      {view.heldOutAccuracy !== undefined && (
        <p className="ml-note">
          학습에 쓰지 않은 무작위 문자열 2,000개 가운데 <strong>{(view.heldOutAccuracy * 100).toFixed(1)}%</strong>를 한 글자도 틀리지 않고 뒤집습니다.
        </p>
      )}
      <div className="ml-panels ml-panels-4">
        {view.attention.map((layer, l) => layer.map((weights, h) => <HeadMap key={`${l}-${h}`} weights={weights} tokens={view.input} layer={l} head={h} />))}
      </div>
    </>
  );
}

/** Why an input was cut down, in the reader's words: the letters the model never saw, or more than it reads. */
export function refusal(raw: string, max: number): string {
  const kept = raw.toLowerCase();
  const refused = [...new Set([...kept].filter((ch) => !/[a-z0-9]/.test(ch)))];
  const parts: string[] = [];
  if (refused.length) {
    const shown = refused.map((ch) => (ch === ' ' ? '공백' : ch)).slice(0, 6).join(' ');
    parts.push(`${/[\u3131-\u318e\uac00-\ud7a3]/.test(raw) ? '한글은' : ''} 입력할 수 없어 뺐습니다: ${shown} (only a–z and 0–9).`.trim());
  }
  if (kept.replace(/[^a-z0-9]/g, '').length > max) parts.push(`${max}자까지만 씁니다 (at most ${max} characters).`);
  return parts.join(' ');
}

/** The most letters the model reads (contract.mjs ATTENTION_MAX_LENGTH; not imported, to keep zod out of the page). */
export const ATTENTION_MAX = 8;
export const ATTENTION_EXAMPLES = ['hello', 'abc123', 'python', 'ml'];
export const ATTENTION_HINT = '영문 소문자 a–z와 숫자 0–9, 최대 8자 (대문자는 소문자로 바꿉니다).';

/**
 * The demo's controls: drawn disabled while the demo is still the static figure, so nothing moves when it goes live.
 * The line under the input says what it accepts, or what it refused and why (role=status: read out as it changes).
 */
export function AttentionControls({ text, notice, onText }: { text: string; notice?: string; onText?: (raw: string) => void }): ReactNode {
  const disabled = !onText;
  const hint = useId();
  return (
    <div className="ml-controls">
      <label>
        입력 문자열 (Input)
        <input type="text" value={text} disabled={disabled} readOnly={disabled} autoComplete="off" spellCheck={false} aria-describedby={hint} onChange={(e) => onText?.(e.target.value)} />
      </label>
      {ATTENTION_EXAMPLES.map((s) => (
        <button key={s} type="button" className="ml-button" disabled={disabled} onClick={() => onText?.(s)}>
          {s}
        </button>
      ))}
      <p id={hint} className={`ml-hint ml-hint-line${notice ? ' ml-refused' : ''}`} role="status" aria-live="polite">
        {notice || ATTENTION_HINT}
      </p>
    </div>
  );
}

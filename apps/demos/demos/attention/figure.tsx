// The attention figure: every head's attention map (query rows × key columns) for one input string, and the
// model's output.
import { Figure, fmt } from 'manifold/ml/ui/svg';
import type { AttentionOutput } from './types';

export type AttentionView = Pick<AttentionOutput, 'input' | 'output' | 'expected' | 'confidence' | 'attention' | 'layers' | 'heads'> & {
  /** Measured at training on strings it never saw (meta.json's heldOutSequenceAccuracy). */
  heldOutAccuracy?: number;
};

function HeadMap({ weights, tokens, layer, head }: { weights: number[][]; tokens: string[]; layer: number; head: number }) {
  const n = tokens.length;
  const c = 22;
  const pad = 18;
  const size = pad + n * c + 2;
  const strongest = weights.map((row, i) => {
    let best = 0;
    row.forEach((w, j) => (w > row[best] ? (best = j) : null));
    return `${tokens[i]}→${tokens[best]}(${fmt(row[best], 2)})`;
  });
  return (
    <Figure width={size} height={size} title={`${layer + 1}층 ${head + 1}번 Head의 Attention`} desc={`행은 query, 열은 key 위치입니다. 각 위치가 가장 많이 본 위치: ${strongest.join(', ')}.`} caption={`${layer + 1}층 · Head ${head + 1}`}>
      {tokens.map((t, j) => (
        <text key={`k${j}`} x={pad + j * c + c / 2} y={11} textAnchor="middle" className="ml-token">
          {t}
        </text>
      ))}
      {tokens.map((t, i) => (
        <text key={`q${i}`} x={pad - 5} y={pad + i * c + c / 2} dy="0.32em" textAnchor="end" className="ml-token">
          {t}
        </text>
      ))}
      {weights.map((row, i) =>
        row.map((w, j) => (
          <rect key={`${i}-${j}`} x={pad + j * c} y={pad + i * c} width={c - 1} height={c - 1} className="ml-pos" fillOpacity={Math.max(0.04, w)}>
            <title>{`${tokens[i]} → ${tokens[j]}: ${fmt(w, 3)}`}</title>
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
        입력 <code>{view.input.join('')}</code> → 출력 <code>{view.output}</code> {ok ? '(정답)' : `(정답은 ${view.expected})`} · 위치별 확신도 {view.confidence.map((c) => fmt(c, 2)).join(' ')}
      </p>
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

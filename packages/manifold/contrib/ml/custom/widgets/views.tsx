// The views <ModelDemo /> draws both on the server (the no-JS figure, figure.tsx) and live (demo.client.tsx): an
// image as a grid of cells, class probabilities as labelled bars, a value with its unit, a sequence as a sparkline,
// and the example input of each kind. Plain SVG/HTML, no canvas: they render to a string on the server.
import type { ClassesOutput, ImageOutput, InputSignature, ModelOutput, OutputSignature, RegressionOutput, RequestBody, SequenceOutput } from './types';
import { cellColour } from './pixels';

const pct = (p: number) => `${(Math.max(0, Math.min(1, p)) * 100).toFixed(1)}%`;
const num = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : Number(v.toFixed(3)).toString());

/** An image of 0–255 values; images wider than 64 cells are drawn at every k-th cell so the SVG stays small. */
export function ImageGrid({ width, height, channels, pixels, label }: { width: number; height: number; channels: number; pixels: ArrayLike<number>; label: string }) {
  const step = Math.max(1, Math.ceil(Math.max(width, height) / 64));
  const cells = [];
  for (let y = 0; y < height; y += step) for (let x = 0; x < width; x += step) cells.push(<rect key={`${x},${y}`} x={x} y={y} width={step} height={step} fill={cellColour(pixels, y * width + x, channels)} />);
  return (
    <svg className="mdm-image" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet" shapeRendering="crispEdges">
      {cells}
    </svg>
  );
}

/** Class probabilities, most likely first (topK of them, 10 at most), each with its label and percentage. */
export function ClassBars({ output, topK }: { output: ClassesOutput; topK?: number }) {
  const rows = [...output.predictions].sort((a, b) => b.p - a.p).slice(0, Math.min(10, topK ?? 10));
  return (
    <ol className="mdm-bars" aria-label="클래스별 확률 / Class probabilities">
      {rows.map((r) => (
        <li key={r.label} className={r.label === output.top ? 'mdm-top' : undefined}>
          <span className="mdm-bar-label">{r.label}</span>
          <span className="mdm-bar" aria-hidden="true">
            <span style={{ width: pct(r.p) }} />
          </span>
          <span className="mdm-bar-value">{pct(r.p)}</span>
        </li>
      ))}
    </ol>
  );
}

export function ValueView({ output }: { output: RegressionOutput }) {
  return (
    <p className="mdm-value">
      <span className="mdm-value-label">{output.label}</span>
      <strong>{num(output.value)}</strong>
      {output.unit && <span className="mdm-unit"> {output.unit}</span>}
    </p>
  );
}

/** One or more series (values[] or values[][] as rows × columns) as lines over their common range. */
export function Sparkline({ values, labels, label }: { values: number[] | number[][]; labels?: string[]; label: string }) {
  const rows = (values as unknown[]).map((v) => (Array.isArray(v) ? (v as number[]) : [v as number]));
  const cols = rows[0]?.length ?? 0;
  const all = rows.flat().filter(Number.isFinite);
  const lo = all.length ? Math.min(...all) : 0;
  const hi = all.length ? Math.max(...all) : 1;
  const W = 300;
  const H = 80;
  const x = (i: number) => (rows.length > 1 ? (i / (rows.length - 1)) * (W - 8) + 4 : W / 2);
  const y = (v: number) => (hi === lo ? H / 2 : H - 6 - ((v - lo) / (hi - lo)) * (H - 12));
  const lines = Array.from({ length: cols }, (_, c) => rows.map((r, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(r[c]).toFixed(1)}`).join(''));
  return (
    <figure className="mdm-spark">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}: ${rows.length}개 값, 최소 ${num(lo)}, 최대 ${num(hi)} / ${rows.length} values, min ${num(lo)}, max ${num(hi)}`}>
        {lines.map((d, c) => (
          <path key={c} d={d} className={`mdm-line mdm-line-${c % 4}`} />
        ))}
      </svg>
      {cols > 1 && labels && (
        <figcaption className="mdm-legend">
          {labels.slice(0, cols).map((l, c) => (
            <span key={l} className={`mdm-key mdm-line-${c % 4}`}>
              {l}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

/** An input of the signature's kind, as a figure shows it. */
export function InputView({ input, body }: { input: InputSignature; body: RequestBody | null }) {
  if (!body) return <p className="mdm-empty">예시 입력이 없습니다. / No example input.</p>;
  if (input.kind === 'image' && 'pixels' in body) return <ImageGrid width={input.width} height={input.height} channels={input.channels} pixels={body.pixels} label={`예시 입력 그림 ${input.width}×${input.height} / Example input image`} />;
  if (input.kind === 'vector' && 'values' in body)
    return (
      <dl className="mdm-fields">
        {input.fields.map((f) => (
          <div key={f.name}>
            <dt>{f.label || f.name}</dt>
            <dd>{num(body.values[f.name] ?? f.default)}</dd>
          </div>
        ))}
      </dl>
    );
  if (input.kind === 'text' && 'text' in body) return <blockquote className="mdm-text">{body.text}</blockquote>;
  if (input.kind === 'series' && 'rows' in body) return <Sparkline values={body.rows} labels={input.columns} label="예시 입력 시계열 / Example input series" />;
  return <p className="mdm-empty">예시 입력이 시그니처와 맞지 않습니다. / The example does not fit the signature.</p>;
}

/** The model's answer, in the view of the signature's output kind. */
export function OutputView({ output, value }: { output: OutputSignature; value: ModelOutput | null }) {
  if (!value) return <p className="mdm-empty">저장된 결과가 없습니다. / No saved answer.</p>;
  if (output.kind === 'classes' && 'predictions' in value) return <ClassBars output={value} topK={output.topK} />;
  if (output.kind === 'regression' && 'value' in value) return <ValueView output={value} />;
  if (output.kind === 'image' && 'pixels' in value) return <ImageGrid {...(value as ImageOutput)} label={`모델이 만든 그림 ${value.width}×${value.height} / Image the model made`} />;
  if (output.kind === 'sequence' && 'values' in value) return <Sparkline values={(value as SequenceOutput).values} labels={output.labels} label="모델이 만든 시퀀스 / Sequence the model made" />;
  return <p className="mdm-empty">결과가 시그니처와 맞지 않습니다. / The answer does not fit the signature.</p>;
}

/** One sentence for screen readers and the caption: what the model answered. */
export function describeOutput(value: ModelOutput | null): string {
  if (!value) return '';
  if ('predictions' in value) {
    const best = [...value.predictions].sort((a, b) => b.p - a.p)[0];
    return `예측: ${value.top}${best ? ` (${pct(best.p)})` : ''} / Prediction: ${value.top}`;
  }
  if ('value' in value && 'unit' in value) return `${value.label}: ${num(value.value)} ${value.unit}`.trim();
  if ('pixels' in value) return `그림 ${value.width}×${value.height} / Image ${value.width}×${value.height}`;
  return `값 ${(value as SequenceOutput).values.length}개 / ${(value as SequenceOutput).values.length} values`;
}

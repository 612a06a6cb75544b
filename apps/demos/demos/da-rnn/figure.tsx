// The DA-RNN figures: predicted vs true indoor temperature over a day, the input attention per sensor over time
// (and its mean), and the temporal attention over the encoder steps.
import { Axes, extent, Figure, fmt, frame, Legend, linear, polyline, ticks } from 'manifold/ml/ui/svg';
import type { DaRnnRangeOutput } from './types';

/** What the figures draw: an inference answer, plus figures measured at training time. */
export interface DaRnnView extends Pick<DaRnnRangeOutput, 'start' | 'truth' | 'prediction' | 'attention' | 'temporal' | 'rmse' | 'sensors' | 'disabled'> {
  /** Test-period RMSE with each sensor held at its mean (from training). */
  rmseWithout?: Record<string, number>;
  /** Test-period RMSE with every sensor (from training). */
  testRmse?: number;
  /** The room's truth: which sensors drive the temperature, and after how many readings. */
  room?: { drivers: string[]; lag: number };
  /** Measured at training on rooms it never saw (other drivers and lags). */
  heldOut?: { precisionAtK: number; windowPrecisionAtK: number; lagHits: number; rooms: number; rmse: number; persistenceRmse: number; plainLstmRmse: number | null };
}

/** The claim, with the numbers measured on held-out rooms. */
export function HeldOutNote({ h }: { h: NonNullable<DaRnnView['heldOut']> }) {
  return (
    <p className="ml-note">
      학습에 쓰지 않은 방 {h.rooms}개(원인 센서와 지연이 모두 다름)에서: 평균 Input Attention 상위 k개(k = 원인 센서 수)가 실제 원인인 비율 <strong>{h.precisionAtK.toFixed(2)}</strong>
      (10스텝 창 하나만 보면 {h.windowPrecisionAtK.toFixed(2)}), Temporal Attention의 최고점이 실제 지연과 맞은 방 <strong>{h.lagHits}/{h.rooms}</strong>. 예측 RMSE는 DA-RNN {fmt(h.rmse, 3)}°C, 직전 값 기준선 {fmt(h.persistenceRmse, 3)}°C
      {h.plainLstmRmse !== null ? `, 같은 입력·같은 학습의 Attention 없는 LSTM ${fmt(h.plainLstmRmse, 3)}°C` : ''}. 다른 시드의 방 8개에서는 Attention 없는 LSTM과 정확도가
      비슷합니다: Attention은 예측을 더 정확하게 하기보다 무엇을 봤는지 보여 줍니다.
    </p>
  );
}

/** Averages consecutive rows so a heatmap has at most `bins` columns. */
export function bin(rows: number[][], bins: number): number[][] {
  if (rows.length <= bins) return rows;
  const size = Math.ceil(rows.length / bins);
  const out: number[][] = [];
  for (let i = 0; i < rows.length; i += size) {
    const group = rows.slice(i, i + size);
    out.push(group[0].map((_, k) => group.reduce((s, r) => s + r[k], 0) / group.length));
  }
  return out;
}

const STEPS_PER_HOUR = 6;

export function DaRnnFigure({ view }: { view: DaRnnView }) {
  const n = view.truth.length;
  const f = frame(320, 190, { left: 40, top: 16 });
  const [lo, hi] = extent([...view.truth, ...view.prediction], 0.08);
  const x = linear(0, n - 1, f.left, f.width - f.right);
  const y = linear(lo, hi, f.height - f.bottom, f.top);
  const hours = (i: number) => `${Math.round(i / STEPS_PER_HOUR)}시`;
  const day = Math.floor(view.start / 144) + 1;
  const att = bin(view.attention, 36);
  const temporal = bin(view.temporal, 36);
  const k = view.sensors.length;
  const mean = view.sensors.map((_, j) => view.attention.reduce((s, r) => s + r[j], 0) / Math.max(1, view.attention.length));
  const maxMean = Math.max(...mean, 1 / k);
  const hw = 320;
  const labelW = 78;
  const cw = (hw - labelW - 6) / Math.max(1, att.length);
  const rowH = 16;
  // Shade by where a weight sits between the smallest and the largest shown, so small differences stay visible.
  const shade = (rows: number[][]) => {
    const [lo, hi] = extent(rows.flat());
    return (v: number) => (0.06 + (0.94 * (v - lo)) / (hi - lo || 1)).toFixed(2);
  };
  const attShade = shade(att);
  const T = temporal[0]?.length ?? 0;
  const tempShade = shade(temporal);
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const ranked = view.sensors.map((s, j) => ({ s, w: mean[j] })).sort((p, q) => q.w - p.w);
  const isDriver = (id: string) => view.room?.drivers.includes(id) ?? false;
  const profile = Array.from({ length: T }, (_, i) => view.temporal.reduce((a, r) => a + r[i], 0) / Math.max(1, view.temporal.length));
  const peakLag = T - 1 - profile.indexOf(Math.max(...profile));
  return (
    <>
      <Legend
        items={[
          { label: '실제 실내 온도', className: 'ml-line-b' },
          { label: 'DA-RNN 예측 (10분 뒤)', className: 'ml-line-a', dashed: true },
        ]}
      />
      <div className="ml-panels ml-panels-2">
        <Figure
          width={f.width}
          height={f.height}
          title={`검증 기간 ${day}일째의 실내 온도: 실제와 예측`}
          desc={`10분 간격 ${n}개 시점. 예측 RMSE ${fmt(view.rmse.model, 3)}°C, 직전 값을 그대로 쓰는 기준선 ${fmt(view.rmse.persistence, 3)}°C.`}
          caption={`실내 온도 (검증 ${day}일째) · RMSE ${fmt(view.rmse.model, 3)}°C (직전 값 기준선 ${fmt(view.rmse.persistence, 3)}°C)`}
        >
          <Axes f={f} x={x} y={y} xTicks={Array.from({ length: Math.floor((n - 1) / (4 * STEPS_PER_HOUR)) + 1 }, (_, i) => i * 4 * STEPS_PER_HOUR)} yTicks={ticks(lo, hi, 4)} fx={hours} yLabel="°C" />
          <path d={polyline(view.truth.map((_, i) => x(i)), view.truth.map(y))} className="ml-line-b" />
          <path d={polyline(view.prediction.map((_, i) => x(i)), view.prediction.map(y))} className="ml-line-a ml-dashed" />
        </Figure>
        <Figure
          width={hw}
          height={k * rowH + 30}
          title="Input Attention: 시점별 센서 가중치"
          desc={`센서별 평균 가중치가 큰 순서: ${ranked.map((r) => `${r.s.label} ${fmt(r.w, 3)}`).join(', ')}. 색이 진할수록 그 시점에 그 센서를 더 많이 봅니다.`}
          caption="Input Attention (센서 × 시각, 진할수록 큰 가중치; 색은 보이는 범위 안에서 상대적)"
        >
          {view.sensors.map((s, j) => (
            <g key={s.id}>
              <text x={labelW - 4} y={j * rowH + rowH / 2 + 4} dy="0.32em" textAnchor="end" className={`ml-row-label${view.disabled.includes(s.id) ? ' ml-off' : ''}`}>
                {s.label}
              </text>
              {att.map((row, c) => (
                <rect key={c} x={r2(labelW + c * cw)} y={j * rowH + 4} width={r2(cw + 0.3)} height={rowH - 2} className="ml-pos" fillOpacity={attShade(row[j])} />
              ))}
            </g>
          ))}
          <text x={labelW} y={k * rowH + 20} className="ml-axis-label">
            0시
          </text>
          <text x={hw - 4} y={k * rowH + 20} textAnchor="end" className="ml-axis-label">
            24시
          </text>
        </Figure>
        <Figure
          width={hw}
          height={k * rowH + 10}
          title="센서별 평균 Input Attention (큰 순서)"
          desc={ranked.map((r) => `${r.s.label}${isDriver(r.s.id) ? ' (실제 원인)' : ''} ${fmt(r.w, 3)}`).join(', ')}
          caption={`센서별 평균 가중치, 큰 순서 (균등하면 ${fmt(1 / k, 3)})${view.room ? ' · ● 실제 원인' : ''}`}
        >
          {ranked.map(({ s, w }, j) => (
            <g key={s.id}>
              <text x={labelW - 4} y={j * rowH + rowH / 2} dy="0.32em" textAnchor="end" className={`ml-row-label${view.disabled.includes(s.id) ? ' ml-off' : ''}${isDriver(s.id) ? ' ml-strong' : ''}`}>
                {isDriver(s.id) ? `● ${s.label}` : s.label}
                {isDriver(s.id) && <title>{`${s.label} (실제 원인)`}</title>}
              </text>
              <rect x={labelW} y={j * rowH + 2} width={((hw - labelW - 50) * w) / maxMean} height={rowH - 4} className={isDriver(s.id) ? 'ml-bar' : 'ml-bar ml-bar-muted'} />
              <text x={labelW + ((hw - labelW - 50) * w) / maxMean + 4} y={j * rowH + rowH / 2} dy="0.32em" className="ml-value">
                {fmt(w, 3)}
              </text>
            </g>
          ))}
          <line x1={labelW + ((hw - labelW - 50) * (1 / k)) / maxMean} x2={labelW + ((hw - labelW - 50) * (1 / k)) / maxMean} y1={0} y2={k * rowH} className="ml-cursor" />
        </Figure>
        <Figure
          width={hw}
          height={T * 12 + 30}
          title="Temporal Attention: 예측할 때 본 Encoder 시점"
          desc={`각 예측이 직전 ${T}개 Encoder 시점 가운데 어디에 가중치를 두었는지입니다. 맨 아래 줄이 가장 최근 시점입니다.${view.room ? ` 이 방의 실제 지연은 ${view.room.lag}스텝이고, 하루 평균 가중치가 가장 큰 시점은 ${peakLag === 0 ? '직전' : `${peakLag}스텝 전`}입니다.` : ''}`}
          caption={`Temporal Attention (Encoder 시점 × 시각)${view.room ? ` · ● 실제 지연 ${view.room.lag}스텝` : ''}`}
        >
          {Array.from({ length: T }, (_, t) => (
            <g key={t}>
              <text x={labelW - 4} y={t * 12 + 10} dy="0.32em" textAnchor="end" className={`ml-row-label${view.room && T - 1 - t === view.room.lag ? ' ml-strong' : ''}`}>
                {view.room && T - 1 - t === view.room.lag ? '● ' : ''}
                {t === T - 1 ? '직전' : `${T - 1 - t}스텝 전`}
              </text>
              {temporal.map((row, c) => (
                <rect key={c} x={r2(labelW + c * cw)} y={t * 12 + 4} width={r2(cw + 0.3)} height={11} className="ml-pos" fillOpacity={tempShade(row[t])} />
              ))}
            </g>
          ))}
        </Figure>
      </div>
      {view.heldOut && <HeldOutNote h={view.heldOut} />}
      {view.rmseWithout && (
        <p className="ml-note">
          센서 하나를 평균값으로 바꿨을 때 검증 10일의 RMSE:{' '}
          {Object.entries(view.rmseWithout)
            .sort((a, b) => b[1] - a[1])
            .map(([id, v]) => `${view.sensors.find((s) => s.id === id)?.label ?? id} ${fmt(v, 3)}`)
            .join(', ')}
          °C{view.testRmse ? ` (모두 쓸 때 ${fmt(view.testRmse, 3)}°C)` : ''}.
        </p>
      )}
    </>
  );
}

// The autoencoder demo's controls and hint, shared by the static figure (drawn disabled, so the page keeps its height
// when the demo goes live) and the live demo.
import { fmt } from 'manifold/ml/ui/svg';
import type { AutoencoderView } from './figure';

export const AUTOENCODER_SAMPLE = 180;

/** Where the handle starts: on a point of the roll (the middle of t's range), not in an empty part of the latent map. */
export function startIndex(view: Pick<AutoencoderView, 't'>): number {
  const mid = (1.5 * Math.PI + 4.5 * Math.PI) / 2;
  let best = 0;
  view.t.forEach((t, i) => (Math.abs(t - mid) < Math.abs(view.t[best] - mid) ? (best = i) : null));
  return best;
}

export function AutoencoderControls({ range, handle, azimuth, decoded, onHandle, onAzimuth, onResample }: { range: number[][]; handle: number[]; azimuth: number; decoded: number[] | null; onHandle?: (h: number[]) => void; onAzimuth?: (a: number) => void; onResample?: () => void }) {
  const disabled = !onHandle;
  const step = (i: number) => (range[i][1] - range[i][0]) / 100;
  return (
    <>
      <div className="ml-controls">
        <label>
          Latent a <span className="ml-out">{fmt(handle[0])}</span>
          <input type="range" min={range[0][0]} max={range[0][1]} step={step(0)} value={handle[0]} disabled={disabled} onChange={(e) => onHandle?.([Number(e.target.value), handle[1]])} />
        </label>
        <label>
          Latent b <span className="ml-out">{fmt(handle[1])}</span>
          <input type="range" min={range[1][0]} max={range[1][1]} step={step(1)} value={handle[1]} disabled={disabled} onChange={(e) => onHandle?.([handle[0], Number(e.target.value)])} />
        </label>
        <label>
          보는 각도 <span className="ml-out">{azimuth}°</span>
          <input type="range" min={0} max={360} step={5} value={azimuth} disabled={disabled} onChange={(e) => onAzimuth?.(Number(e.target.value))} />
        </label>
        <button type="button" className="ml-button" disabled={disabled} onClick={onResample}>
          새 표본 {AUTOENCODER_SAMPLE}개로 다시 계산
        </button>
      </div>
      <p className="ml-hint">② Latent 공간을 누르거나 끌면(또는 슬라이더로) 그 좌표를 Decoder가 3차원 점으로 만들어 ①과 ③에 표시합니다{decoded ? ` — 지금 (${decoded.map((v) => fmt(v, 1)).join(', ')})` : ''}.</p>
    </>
  );
}

// The convolution demo's controls for its first (1-D) view, shared by the static first state (drawn disabled, so the
// page keeps its height when the demo goes live) and the live demo.
import type { Padding } from './figure';

export const KERNELS_1D: Record<string, { label: string; kernel: number[] }> = {
  average: { label: '평균 [1, 1, 1]', kernel: [1, 1, 1] },
  edge: { label: '엣지 [-1, 0, 1]', kernel: [-1, 0, 1] },
  sharpen: { label: '선명하게 [-1, 3, -1]', kernel: [-1, 3, -1] },
};
export const KERNELS_2D: Record<string, { label: string; kernel: number[][] }> = {
  average: { label: '평균(3×3 박스)', kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]] },
  edge: { label: '세로 엣지 (Sobel Gx)', kernel: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]] },
  'edge-y': { label: '가로 엣지 (Sobel Gy)', kernel: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]] },
  sharpen: { label: '선명하게', kernel: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]] },
};

export const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
export const presetOf = <K,>(table: Record<string, { kernel: K }>, kernel: K) => Object.keys(table).find((k) => JSON.stringify(table[k].kernel) === JSON.stringify(kernel)) ?? 'custom';

export interface TopHandlers {
  onMode: (m: '1d' | '2d') => void;
  onKernel: (name: string) => void;
  onStride: (s: number) => void;
  onPadding: (p: Padding) => void;
  onNormalize: (on: boolean) => void;
}

export function ConvTopControls({ mode, preset, stride, padding, normalize, kernelSum, on }: { mode: '1d' | '2d'; preset: string; stride: number; padding: Padding; normalize: boolean; kernelSum: number; on?: TopHandlers }) {
  const disabled = !on;
  return (
    <div className="ml-controls">
      <fieldset className="ml-segmented" disabled={disabled}>
        <legend>입력</legend>
        <label>
          <input type="radio" name="ml-conv-mode" checked={mode === '1d'} onChange={() => on?.onMode('1d')} /> 1차원 신호
        </label>
        <label>
          <input type="radio" name="ml-conv-mode" checked={mode === '2d'} onChange={() => on?.onMode('2d')} /> 2차원 그림
        </label>
      </fieldset>
      <label>
        커널
        <select value={preset} disabled={disabled} onChange={(e) => on?.onKernel(e.target.value)}>
          {Object.entries(mode === '1d' ? KERNELS_1D : KERNELS_2D).map(([k, v]) => (
            <option key={k} value={k}>
              {v.label}
            </option>
          ))}
          <option value="custom">직접 입력</option>
        </select>
      </label>
      <label>
        Stride
        <select value={stride} disabled={disabled} onChange={(e) => on?.onStride(Number(e.target.value))}>
          <option value={1}>1</option>
          <option value={2}>2</option>
        </select>
      </label>
      <label>
        Padding
        <select value={padding} disabled={disabled} onChange={(e) => on?.onPadding(e.target.value as Padding)}>
          <option value="valid">valid (패딩 없음)</option>
          <option value="same">same (0으로 채움)</option>
        </select>
      </label>
      <label className="ml-check">
        <input type="checkbox" checked={normalize && kernelSum !== 0} disabled={disabled || kernelSum === 0} onChange={(e) => on?.onNormalize(e.target.checked)} />
        커널 합({kernelSum})으로 나누기
      </label>
    </div>
  );
}

export function Conv1dInputs({ signal, kernel, onSignal, onKernel }: { signal: number[]; kernel: number[]; onSignal?: (s: number[]) => void; onKernel?: (k: number[]) => void }) {
  const disabled = !onSignal;
  return (
    <>
      <div className="ml-controls ml-inputs" role="group" aria-label="입력 신호">
        <span className="ml-row-label">신호</span>
        {signal.map((v, i) => (
          <input key={i} type="number" value={v} step={1} disabled={disabled} aria-label={`신호 x[${i}]`} onChange={(e) => onSignal?.(signal.map((x, j) => (j === i ? Number(e.target.value) || 0 : x)))} />
        ))}
        <button type="button" className="ml-button" disabled={disabled || signal.length >= 16} onClick={() => onSignal?.([...signal, 0])} aria-label="신호 값 추가">
          +
        </button>
        <button type="button" className="ml-button" disabled={disabled || signal.length <= kernel.length} onClick={() => onSignal?.(signal.slice(0, -1))} aria-label="마지막 신호 값 빼기">
          −
        </button>
      </div>
      <div className="ml-controls ml-inputs" role="group" aria-label="커널 값">
        <span className="ml-row-label">커널</span>
        {kernel.map((v, i) => (
          <input key={i} type="number" value={v} step={1} disabled={disabled} aria-label={`커널 w[${i}]`} onChange={(e) => onKernel?.(kernel.map((x, j) => (j === i ? Number(e.target.value) || 0 : x)))} />
        ))}
      </div>
    </>
  );
}

export function Conv1dPicker({ selected, outputs, onSelect }: { selected: number; outputs: number; onSelect?: (i: number) => void }) {
  if (outputs <= 1) return null;
  return (
    <label className="ml-inline">
      계산을 볼 출력 칸 <span className="ml-out">y[{Math.min(selected, outputs - 1)}]</span>
      <input type="range" min={0} max={outputs - 1} value={Math.min(selected, outputs - 1)} disabled={!onSelect} onChange={(e) => onSelect?.(Number(e.target.value))} />
    </label>
  );
}

// The gradient-descent demo's controls, shared by the static figure (drawn disabled, so the page keeps its height when
// the demo goes live) and the live demo.
import { fmt } from 'manifold/ml/ui/svg';

export function GdControls({ lr, steps, start, crit, onLr, onSteps, onReset }: { lr: number; steps: number; start: number[]; crit: number; onLr?: (v: number) => void; onSteps?: (v: number) => void; onReset?: () => void }) {
  const disabled = !onLr;
  return (
    <>
      <div className="ml-controls">
        <label>
          학습률 η <span className="ml-out">{lr.toFixed(3)}</span>
          <input type="range" min={0.005} max={0.25} step={0.005} value={lr} disabled={disabled} onChange={(e) => onLr?.(Number(e.target.value))} aria-valuetext={`${lr.toFixed(3)}, 2/λmax = ${fmt(crit, 3)}`} />
        </label>
        <label>
          스텝 수 <span className="ml-out">{steps}</span>
          <input type="range" min={5} max={60} step={1} value={steps} disabled={disabled} onChange={(e) => onSteps?.(Number(e.target.value))} />
        </label>
        <button type="button" className="ml-button" disabled={disabled} onClick={onReset}>
          시작점 되돌리기
        </button>
      </div>
      <p className="ml-hint">등고선 그림을 누르면 그 자리에서 다시 출발합니다. 시작점 ({start.map((v) => fmt(v, 2)).join(', ')}).</p>
    </>
  );
}

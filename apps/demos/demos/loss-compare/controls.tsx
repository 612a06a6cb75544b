// The loss comparison's controls, shared by the static figure (drawn disabled, so the page keeps its height when the
// demo goes live) and the live demo.
import { fmt } from 'manifold/ml/ui/svg';

export interface LossSettings {
  z: number;
  initialZ: number;
  lr: number;
  steps: number;
}

export function LossControls({ value, onChange }: { value: LossSettings; onChange?: (next: LossSettings) => void }) {
  const disabled = !onChange;
  const set = (key: keyof LossSettings) => (e: { target: { value: string } }) => onChange?.({ ...value, [key]: Number(e.target.value) });
  return (
    <div className="ml-controls">
      <label>
        Logit z <span className="ml-out">{fmt(value.z)}</span>
        <input type="range" min={-10} max={10} step={0.1} value={value.z} disabled={disabled} onChange={set('z')} />
      </label>
      <label>
        학습 시작 z₀ <span className="ml-out">{fmt(value.initialZ)}</span>
        <input type="range" min={-10} max={2} step={0.5} value={value.initialZ} disabled={disabled} onChange={set('initialZ')} />
      </label>
      <label>
        학습률 <span className="ml-out">{fmt(value.lr)}</span>
        <input type="range" min={0.1} max={5} step={0.1} value={value.lr} disabled={disabled} onChange={set('lr')} />
      </label>
      <label>
        스텝 수 <span className="ml-out">{value.steps}</span>
        <input type="range" min={10} max={300} step={10} value={value.steps} disabled={disabled} onChange={set('steps')} />
      </label>
    </div>
  );
}

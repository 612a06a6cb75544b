// The DA-RNN demo's controls, shared by the static figure (drawn disabled, so the page keeps its height when the demo
// goes live) and the live demo.
import type { DaRnnView } from './figure';

export const DA_RNN_DAY = 144;
export const DA_RNN_DAYS = 9;

export function DaRnnControls({ day, sensors, off, onDay, onToggle }: { day: number; sensors: DaRnnView['sensors']; off: string[]; onDay?: (d: number) => void; onToggle?: (id: string) => void }) {
  const disabled = !onDay;
  return (
    <>
      <div className="ml-controls">
        <label>
          검증 기간의 날 <span className="ml-out">{day + 1}일째</span>
          <input type="range" min={0} max={DA_RNN_DAYS - 1} step={1} value={day} disabled={disabled} onChange={(e) => onDay?.(Number(e.target.value))} />
        </label>
      </div>
      <fieldset className="ml-controls ml-sensors" disabled={disabled}>
        <legend>센서 끄기 (그 센서의 값을 평균으로 바꿉니다)</legend>
        {sensors.map((s) => (
          <label key={s.id} className="ml-check">
            <input type="checkbox" checked={off.includes(s.id)} onChange={() => onToggle?.(s.id)} /> {s.label}
          </label>
        ))}
      </fieldset>
    </>
  );
}

// The converter's form and readout, shared by the static first state (drawn disabled, so the page keeps its height when
// the demo goes live) and the live demo.
import { fmtOffset, offsetMinutes } from './time';

export const ZONES = ['Asia/Seoul', 'UTC', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles'];

export interface TimestampHandlers {
  onZone: (zone: string) => void;
  onDate: (date: string) => void;
  onTime: (time: string) => void;
  onStamp: (text: string) => void;
}

export function TimestampView({ zone, date, time, stampText, on }: { zone: string; date: string; time: string; stampText: string; on?: TimestampHandlers }) {
  const disabled = !on;
  const stamp = Number(stampText);
  const valid = stampText.trim() !== '' && Number.isFinite(stamp) && Math.abs(stamp) <= 8.64e12;
  const offset = valid ? offsetMinutes(stamp * 1000, zone) : 0;
  // "2020-02-16 06:15" (seconds when there are some): the same shape as the wall-clock time beside it.
  const utc = valid ? new Date(stamp * 1000).toISOString().replace(/:00\.000Z$|\.000Z$/, '').replace('T', ' ') : '';
  return (
    <div className="ml-demo">
      <div className="ml-controls">
        <label>
          타임존
          <select
            value={zone}
            disabled={disabled}
            onChange={(e) => on?.onZone(e.target.value)}
          >
            {ZONES.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <label>
          날짜
          <input
            type="date"
            value={date}
            disabled={disabled}
            onChange={(e) => on?.onDate(e.target.value)}
          />
        </label>
        <label>
          시각
          <input
            type="time"
            value={time}
            disabled={disabled}
            onChange={(e) => on?.onTime(e.target.value)}
          />
        </label>
        <label>
          Unix timestamp (초)
          <input type="text" inputMode="numeric" value={stampText} disabled={disabled} onChange={(e) => on?.onStamp(e.target.value.trim())} aria-invalid={!valid} />
        </label>
      </div>
      <figure className="ml-figure ml-timestamp">
        <p className="ml-big" role="status" aria-live="polite">
          {valid ? (
            <>
              <span>
                {date} {time} <small>({zone}, UTC{fmtOffset(offset)})</small>
              </span>
              <span aria-hidden="true"> ⇄ </span>
              <code>{stamp}</code>
            </>
          ) : (
            '숫자로 된 timestamp(초)를 입력하세요.'
          )}
        </p>
        {valid && (
          <figcaption>
            {zone}의 {date} {time}는 UTC로 {utc}이고, 1970-01-01 00:00 UTC부터 {stamp.toLocaleString('en-US')}초가 지난 순간입니다. Python에서는 datetime.fromtimestamp({stamp}, ZoneInfo(&quot;{zone}&quot;))로 되돌릴 수 있습니다.
          </figcaption>
        )}
      </figure>
    </div>
  );
}

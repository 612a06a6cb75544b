'use client';
// The interactive converter: a wall-clock time in a chosen time zone ↔ seconds since the Unix epoch. Time-zone
// offsets (and their history, e.g. Korea's 1987–88 summer time) come from the browser's Intl database (../timestamp).
import { useState } from 'react';
import { fmtOffset, offsetMinutes, TIMESTAMP_EXAMPLE, toEpoch, wallClock } from './time';

const ZONES = ['Asia/Seoul', 'UTC', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles'];

export default function TimestampDemo() {
  const [zone, setZone] = useState(TIMESTAMP_EXAMPLE.zone);
  const [date, setDate] = useState(TIMESTAMP_EXAMPLE.date);
  const [time, setTime] = useState(TIMESTAMP_EXAMPLE.time);
  const [stampText, setStampText] = useState(String(TIMESTAMP_EXAMPLE.timestamp));

  const fromWall = (d: string, t: string, z: string) => {
    const epoch = toEpoch(d, t, z);
    if (epoch !== null) setStampText(String(epoch));
  };
  const fromStamp = (text: string, z: string) => {
    setStampText(text);
    const n = Number(text);
    if (!Number.isFinite(n) || Math.abs(n) > 8.64e12) return;
    const w = wallClock(n * 1000, z);
    setDate(w.date);
    setTime(w.time);
  };
  const stamp = Number(stampText);
  const valid = stampText.trim() !== '' && Number.isFinite(stamp) && Math.abs(stamp) <= 8.64e12;
  const offset = valid ? offsetMinutes(stamp * 1000, zone) : 0;
  const utc = valid ? new Date(stamp * 1000).toISOString().replace('.000Z', 'Z') : '';

  return (
    <div className="ml-demo">
      <div className="ml-controls">
        <label>
          타임존
          <select
            value={zone}
            onChange={(e) => {
              setZone(e.target.value);
              fromWall(date, time, e.target.value);
            }}
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
            onChange={(e) => {
              setDate(e.target.value);
              fromWall(e.target.value, time, zone);
            }}
          />
        </label>
        <label>
          시각
          <input
            type="time"
            value={time}
            onChange={(e) => {
              setTime(e.target.value);
              fromWall(date, e.target.value, zone);
            }}
          />
        </label>
        <label>
          Unix timestamp (초)
          <input type="text" inputMode="numeric" value={stampText} onChange={(e) => fromStamp(e.target.value.trim(), zone)} aria-invalid={!valid} />
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
        {valid && <figcaption>같은 순간을 UTC로 쓰면 {utc}입니다. Python에서는 datetime.fromtimestamp({stamp}, ZoneInfo(&quot;{zone}&quot;))로 되돌릴 수 있습니다.</figcaption>}
      </figure>
    </div>
  );
}

'use client';
// The interactive converter: a wall-clock time in a chosen time zone ↔ seconds since the Unix epoch. Time-zone
// offsets (and their history, e.g. Korea's 1987–88 summer time) come from the browser's Intl database (../timestamp).
import { useState } from 'react';
import { TIMESTAMP_EXAMPLE, toEpoch, wallClock } from './time';
import { TimestampView } from './view';

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

  return (
    <TimestampView
      zone={zone}
      date={date}
      time={time}
      stampText={stampText}
      on={{
        onZone: (z) => {
          setZone(z);
          fromWall(date, time, z);
        },
        onDate: (d) => {
          setDate(d);
          fromWall(d, time, zone);
        },
        onTime: (t) => {
          setTime(t);
          fromWall(date, t, zone);
        },
        onStamp: (text) => fromStamp(text, zone),
      }}
    />
  );
}

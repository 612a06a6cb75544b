'use client';
// <Timestamp />: a date and time in a time zone ↔ a Unix timestamp (no model; computed in the browser).
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { TIMESTAMP_EXAMPLE } from './time';
import { TimestampView } from './view';

const load = () => import('./demo.client');

export default function Timestamp(props: Record<string, unknown>) {
  const e = TIMESTAMP_EXAMPLE;
  return (
    <LazyDemo load={load} props={props} title="Timestamp 변환기: 날짜·시간 ↔ Unix timestamp">
      {/* The live converter's shape, disabled: the page does not move when it goes live. */}
      <TimestampView zone={e.zone} date={e.date} time={e.time} stampText={String(e.timestamp)} />
    </LazyDemo>
  );
}

'use client';
// <Timestamp />: a date and time in a time zone ↔ a Unix timestamp (no model; computed in the browser).
import { LazyDemo } from 'manifold/ml/ui/lazy';
import { TIMESTAMP_EXAMPLE } from './time';

const load = () => import('./demo.client');

export default function Timestamp(props: Record<string, unknown>) {
  const e = TIMESTAMP_EXAMPLE;
  return (
    <LazyDemo load={load} props={props} title="Timestamp 변환기: 날짜·시간 ↔ Unix timestamp">
      <figure className="ml-figure ml-timestamp">
        <p className="ml-big">
          <span>
            {e.date} {e.time} <small>({e.zone}, UTC{e.offset})</small>
          </span>
          <span aria-hidden="true"> ⇄ </span>
          <code>{e.timestamp}</code>
        </p>
        <figcaption>
          {e.zone}의 {e.date} {e.time}는 UTC로 {e.utc}이고, 1970-01-01 00:00 UTC부터 {e.timestamp.toLocaleString('en-US')}초가 지난 순간입니다.
        </figcaption>
      </figure>
    </LazyDemo>
  );
}

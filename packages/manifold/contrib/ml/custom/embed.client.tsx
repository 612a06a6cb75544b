'use client';
// <ModelDemo model="slug" version={3}? height={420}? />: a live demo of a model from the library. The server renders
// the example figure (figure.tsx) from the data the embed data hook looked up (embed-data.ts, the `data` prop, carried
// to the browser in the island marker); near the viewport the interactive chunk (demo.client.tsx) takes over from the
// same example. The frame reserves the demo's height, so nothing below moves when it comes alive. A model that cannot
// answer keeps the figure with its note and loads no script.
import { LazyDemo } from '../ui/lazy.client';
import { ModelDemoFigure } from './figure';
import type { ModelDemoProps } from './widgets/types';

export type { ModelDemoProps };

const load = () => import('./demo.client');

/**
 * The height the post reserves for the demo (px), when it gives one; otherwise embeds.css reserves the live view's
 * height by input kind (data-mdm-kind) and viewport width, so the figure and the live demo take the same room.
 */
export const reservedStyle = (height?: number) => (height ? { minHeight: height } : undefined);

export default function ModelDemo(props: ModelDemoProps) {
  const { data } = props;
  const title = `${data?.title ?? props.model} — 모델 데모 / model demo`;
  const kind = data?.status === 'ready' ? data.signature?.input.kind : undefined;
  if (!data || data.status !== 'ready') {
    return (
      <div className="mdm" data-mdm-status={data?.status ?? 'unknown'} style={reservedStyle(props.height)}>
        <section className="ml-embed" aria-label={title} data-ml-state="static">
          <p className="ml-title">{title}</p>
          <ModelDemoFigure data={data} />
        </section>
      </div>
    );
  }
  return (
    <div className="mdm" data-mdm-status="ready" data-mdm-kind={kind} style={reservedStyle(props.height)}>
      <LazyDemo load={load} props={{ ...props, data }} title={title}>
        <ModelDemoFigure data={data} />
      </LazyDemo>
    </div>
  );
}

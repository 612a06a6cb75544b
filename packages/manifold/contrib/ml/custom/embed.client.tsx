'use client';
// <ModelDemo model="slug" version={3}? height={420}? />: a live demo of a model from the library. The server renders
// the example figure (figure.tsx) from the data the embed data hook looked up (embed-data.ts, the `data` prop, carried
// to the browser in the island marker); near the viewport the interactive chunk (demo.client.tsx) takes over from the
// same example. The frame reserves the demo's height, so nothing below moves when it comes alive. A model that cannot
// answer keeps the figure with its note and loads no script.
import { LazyDemo } from '../ui/lazy.client';
import { ModelDemoFigure } from './figure';
import type { ModelDemoData } from './widgets/types';

export interface ModelDemoProps {
  model: string;
  version?: number;
  height?: number;
  data?: ModelDemoData;
}

const load = () => import('./demo.client');

/** The height reserved for the demo when the post gives none, by input kind (the live view's height at 375 px and up). */
export function reservedHeight(data: ModelDemoData | undefined, height?: number): number | undefined {
  if (height) return height;
  switch (data?.signature?.input.kind) {
    case 'image':
      return 380;
    case 'vector':
      return 120 + 64 * Math.min(8, data.signature.input.fields.length);
    case 'text':
      return 300;
    case 'series':
      return 340;
    default:
      return undefined;
  }
}

export default function ModelDemo(props: ModelDemoProps) {
  const { data } = props;
  const title = `${data?.title ?? props.model} — 모델 데모 / model demo`;
  const minHeight = reservedHeight(data, props.height);
  if (!data || data.status !== 'ready') {
    return (
      <div className="mdm" data-mdm-status={data?.status ?? 'unknown'} style={minHeight ? { minHeight } : undefined}>
        <section className="ml-embed" aria-label={title} data-ml-state="static">
          <p className="ml-title">{title}</p>
          <ModelDemoFigure data={data} />
        </section>
      </div>
    );
  }
  return (
    <div className="mdm" data-mdm-status="ready" style={minHeight ? { minHeight } : undefined}>
      <LazyDemo load={load} props={{ ...props, data }} title={title}>
        <ModelDemoFigure data={data} />
      </LazyDemo>
    </div>
  );
}

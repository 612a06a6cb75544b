'use client';
// The frame every embed shares. The server (and the first client render, so hydration matches) shows the static
// first state computed at training time; once the embed is near the viewport its interactive part is imported —
// a separate chunk per embed — and takes over, starting from the same state.
import { useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';

export interface DemoModule<P> {
  default: ComponentType<P>;
}

export function LazyDemo<P extends object>({ load, props, title, children }: { load: () => Promise<DemoModule<P>>; props: P; title: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const [Demo, setDemo] = useState<ComponentType<P> | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let cancelled = false;
    const start = () =>
      load().then(
        (m) => !cancelled && setDemo(() => m.default),
        () => !cancelled && setFailed(true),
      );
    if (!('IntersectionObserver' in window)) {
      void start();
      return () => void (cancelled = true);
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          void start();
        }
      },
      { rootMargin: '200px 0px' },
    );
    io.observe(el);
    return () => {
      cancelled = true;
      io.disconnect();
    };
  }, [load]);

  return (
    <section ref={ref} className="ml-embed" aria-label={title} data-ml-state={Demo ? 'live' : 'static'}>
      <p className="ml-title">{title}</p>
      {Demo ? <Demo {...props} /> : children}
      {failed && (
        <p className="ml-status" role="status">
          데모를 불러오지 못했습니다. 위 그림은 학습 시점에 계산한 결과입니다.
        </p>
      )}
    </section>
  );
}

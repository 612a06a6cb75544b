// A demo's request state: the latest answer of POST /api/ml/<model>, debounced while a control moves, earlier
// requests cancelled, errors kept as the server's message.
import { useCallback, useEffect, useRef, useState } from 'react';
import { callModel, type Meta } from './api';

export interface RequestStatus {
  pending: boolean;
  error?: string;
  meta?: Meta;
}

export function useModel<T>(model: string, initial: T) {
  const [data, setData] = useState<T>(initial);
  const [status, setStatus] = useState<RequestStatus>({ pending: false });
  const controller = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const request = useCallback(
    (body: unknown, delay = 120): Promise<T | null> => {
      if (timer.current) clearTimeout(timer.current);
      return new Promise((resolve) => {
        timer.current = setTimeout(async () => {
          controller.current?.abort();
          const c = new AbortController();
          controller.current = c;
          setStatus((s) => ({ ...s, pending: true }));
          try {
            const result = await callModel<T>(model, body, c.signal);
            if (c.signal.aborted) return resolve(null);
            setData(result);
            setStatus({ pending: false, meta: { model: result.model, version: result.version, inferenceMs: result.inferenceMs } });
            resolve(result);
          } catch (err) {
            if (c.signal.aborted) return resolve(null);
            setStatus({ pending: false, error: (err as Error).message });
            resolve(null);
          }
        }, delay);
      });
    },
    [model],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      controller.current?.abort();
    },
    [],
  );

  return { data, setData, request, status };
}

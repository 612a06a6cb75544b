'use client';
// The editor's live preview: 250 ms after the last change of `source` it asks POST /admin/api/blog/preview (which
// compiles in the server's worker threads), aborting the request a newer change made stale, and hands the HTML to the
// preview frame (preview-frame.tsx, an <iframe> on this origin with the reader's CSS and the embeds' islands). This
// page's main thread does nothing else: no compiling, no parsing, only a fetch and a postMessage. When the source does
// not compile, the frame keeps the last good render and marks the problem at its line, and `onDiagnostics` tells the
// editor (its gutter).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Diagnostic, PreviewResponse } from './types';
import { isFromFrame, PREVIEW_ENDPOINT, PREVIEW_FRAME_PATH, type ToFrame } from './preview-protocol';
import './preview-pane.css';

export interface PreviewPaneProps {
  source: string;
  /** How the source is written (default mdx). */
  format?: 'markdown' | 'mdx';
  lang: 'ko' | 'en';
  /** The preview fills the editor's width (the reader's column stays centred in it). */
  fullWidth?: boolean;
  /** The current source's problems (empty when it compiles), for the editor's gutter. */
  onDiagnostics?: (diagnostics: Diagnostic[]) => void;
}

/** Quiet time after the last change before the preview is asked for. */
export const PREVIEW_DEBOUNCE_MS = 250;

type State =
  | { kind: 'waiting' }
  | { kind: 'working' }
  | { kind: 'ok'; ms: number }
  | { kind: 'problems'; ms: number; diagnostics: Diagnostic[] }
  | { kind: 'failed'; message: string };

const TEXT = {
  ko: {
    frame: '글 미리보기',
    waiting: '미리보기 준비 중…',
    working: '미리보기 갱신 중…',
    ok: '미리보기 최신',
    problems: (n: number) => `문제 ${n}개 — 마지막으로 컴파일된 미리보기를 보여 줍니다`,
    failed: '미리보기를 가져오지 못했습니다',
    retry: '다시 시도',
    line: (n: number) => `${n}행`,
    limit: '시간 제한',
  },
  en: {
    frame: 'Post preview',
    waiting: 'Preparing the preview…',
    working: 'Updating the preview…',
    ok: 'Preview up to date',
    problems: (n: number) => `${n} problem${n === 1 ? '' : 's'} — showing the last preview that compiled`,
    failed: 'Could not get the preview',
    retry: 'Retry',
    line: (n: number) => `Line ${n}`,
    limit: 'time limit',
  },
};

export function PreviewPane({ source, format = 'mdx', lang, fullWidth = false, onDiagnostics }: PreviewPaneProps) {
  const text = TEXT[lang];
  const frame = useRef<HTMLIFrameElement>(null);
  const [state, setState] = useState<State>({ kind: 'waiting' });
  const ready = useRef(false);
  // The last message for the frame: re-sent when the frame (re)loads, so it always shows the latest render.
  const lastRender = useRef<ToFrame | null>(null);
  const lastProblems = useRef<ToFrame | null>(null);
  const seq = useRef(0);
  const inflight = useRef<AbortController | null>(null);
  const asked = useRef<string | null>(null);
  const diagnosticsCallback = useRef(onDiagnostics);
  diagnosticsCallback.current = onDiagnostics;
  const lastDiagnostics = useRef<string>('[]');

  const post = useCallback((message: ToFrame) => {
    if (message.type === 'manifold-preview:render') {
      lastRender.current = message;
      lastProblems.current = null;
    } else lastProblems.current = message;
    if (ready.current) frame.current?.contentWindow?.postMessage(message, location.origin);
  }, []);

  const report = useCallback((diagnostics: Diagnostic[]) => {
    const key = JSON.stringify(diagnostics);
    if (key === lastDiagnostics.current) return;
    lastDiagnostics.current = key;
    diagnosticsCallback.current?.(diagnostics);
  }, []);

  const ask = useCallback(
    async (value: string) => {
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      asked.current = `${format}\n${value}`;
      const n = ++seq.current;
      setState((s) => (s.kind === 'waiting' ? s : { kind: 'working' }));
      let response: Response;
      try {
        response = await fetch(PREVIEW_ENDPOINT, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ source: value, format }),
          signal: controller.signal,
          credentials: 'same-origin',
        });
      } catch (err) {
        if (controller.signal.aborted) return;
        setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
        asked.current = null;
        return;
      }
      let body: PreviewResponse | { error?: string } | null = null;
      try {
        body = (await response.json()) as PreviewResponse | { error?: string };
      } catch {
        body = null;
      }
      if (controller.signal.aborted || n !== seq.current) return;
      inflight.current = null;
      if (!response.ok || !body || !('ok' in body)) {
        setState({ kind: 'failed', message: (body as { error?: string } | null)?.error ?? `HTTP ${response.status}` });
        asked.current = null;
        return;
      }
      if (body.ok) {
        post({ type: 'manifold-preview:render', seq: n, html: body.html, toc: body.toc });
        report(body.diagnostics);
        setState({ kind: 'ok', ms: body.ms });
      } else {
        post({ type: 'manifold-preview:problems', seq: n, problems: body.diagnostics.map((d) => ({ line: d.line, message: d.message })) });
        report(body.diagnostics);
        setState({ kind: 'problems', ms: body.ms, diagnostics: body.diagnostics });
      }
    },
    [post, report, format],
  );

  // Debounced: only a pause in typing asks; a newer change aborts the request an older one started.
  useEffect(() => {
    if (`${format}\n${source}` === asked.current) return;
    const timer = setTimeout(() => void ask(source), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [source, format, ask]);

  useEffect(() => () => inflight.current?.abort(), []);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== location.origin || event.source !== frame.current?.contentWindow || !isFromFrame(event.data)) return;
      if (event.data.type === 'manifold-preview:ready') {
        ready.current = true;
        const win = frame.current?.contentWindow;
        if (lastRender.current) win?.postMessage(lastRender.current, location.origin);
        if (lastProblems.current) win?.postMessage(lastProblems.current, location.origin);
      } else if (frame.current) {
        frame.current.dataset.appliedSeq = String(event.data.seq);
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const status =
    state.kind === 'waiting'
      ? text.waiting
      : state.kind === 'working'
        ? text.working
        : state.kind === 'ok'
          ? text.ok
          : state.kind === 'problems'
            ? text.problems(state.diagnostics.length)
            : `${text.failed}: ${state.message}`;

  return (
    <div className={`preview-pane${fullWidth ? ' preview-pane--full' : ''}`} data-state={state.kind}>
      <div className="preview-pane-bar">
        <span className="preview-pane-status" role="status" aria-live="polite">
          {status}
        </span>
        {(state.kind === 'ok' || state.kind === 'problems') && (
          <span className="preview-pane-ms" aria-hidden="true">
            {Math.round(state.ms)} ms
          </span>
        )}
        {state.kind === 'failed' && (
          <button
            type="button"
            className="preview-pane-retry"
            onClick={() => {
              asked.current = null;
              void ask(source);
            }}
          >
            {text.retry}
          </button>
        )}
      </div>
      {state.kind === 'problems' && (
        <ul className="preview-pane-problems">
          {state.diagnostics.map((d, i) => (
            <li key={i} data-kind={d.kind}>
              <strong>{text.line(d.line)}</strong> {d.kind === 'limit' ? `(${text.limit}) ` : ''}
              {d.message}
            </li>
          ))}
        </ul>
      )}
      <iframe ref={frame} className="preview-pane-frame" src={`${PREVIEW_FRAME_PATH}?lang=${lang}`} title={text.frame} />
    </div>
  );
}

export default PreviewPane;

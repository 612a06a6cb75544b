// The editor's preview frame: the page /admin-preview (the site's pages/admin-preview.tsx), shown in an <iframe> by the
// preview pane. It is a reader page in all but content: the reader's stylesheet and KaTeX's (pages/_app), the post's
// article markup, and the embeds' islands runtime (/_islands/islands.js, as on a post page), so what the author sees
// is what readers will. It holds no data: the pane, on the same origin, posts it the HTML the preview endpoint made
// (our compiler's output, rendered by the post page's renderer), and it applies it. A Pages Router page outside /admin,
// so the reader's CSS and scripts never reach the admin's pages and the admin's never reach it, and so it may be
// framed by this origin (the admin itself never may be).
import Head from 'next/head';
import { useEffect, useRef } from 'react';
import { ISLAND_CSS, ISLAND_SCRIPT, ISLANDS_CHANGED_EVENT } from '../../../lib/islands/paths';
import { t } from '../../../lib/i18n';
import { applyHtml, clearProblems, markProblems, renderToc } from './preview-dom';
import { isToFrame, type FromFrame } from './preview-protocol';

const CSS = `
html, body { background: var(--bg); }
.preview-frame { max-width: var(--content); margin: 0 auto; padding: 1.25rem 1.25rem 5rem; }
.preview-empty { color: var(--muted); }
.preview-problems { position: sticky; top: 0; z-index: 10; margin: 0 0 1rem; padding: .6rem .9rem; font-size: .875rem;
  line-height: 1.5; color: var(--fg); background: color-mix(in srgb, #d1242f 10%, var(--bg)); border: 1px solid #d1242f;
  border-radius: var(--radius); }
.preview-problems[hidden] { display: none; }
.preview-problems-title { margin: 0 0 .25rem; font-weight: 600; }
.preview-problems ul { margin: 0; padding-left: 1.1rem; }
.preview-problems button { font: inherit; color: inherit; background: none; border: 0; padding: 0; text-align: left;
  text-decoration: underline; text-underline-offset: .2em; cursor: pointer; }
.preview-problems button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.preview-problem-block { outline: 2px solid #d1242f; outline-offset: 6px; border-radius: 2px; }
.preview-problem-block::before { content: attr(data-problem); display: block; margin-bottom: .35rem; font: 600 .8rem/1.4 var(--font-sans);
  color: #d1242f; white-space: pre-wrap; }
`;

export default function PreviewFrame() {
  const body = useRef<HTMLDivElement>(null);
  const toc = useRef<HTMLElement>(null);
  const banner = useRef<HTMLDivElement>(null);
  const empty = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'ko';
    document.documentElement.lang = lang;
    if (empty.current) empty.current.textContent = lang === 'ko' ? '본문을 쓰면 여기에 미리보기가 나타납니다.' : 'The preview appears here as you write.';
    const framed = window.parent !== window;
    const tell = (message: FromFrame) => framed && window.parent.postMessage(message, location.origin);

    const onMessage = (event: MessageEvent) => {
      // Only the parent on this origin: opened on its own (not framed), the page takes no message at all.
      if (!framed || event.origin !== location.origin || event.source !== window.parent || !isToFrame(event.data)) return;
      const b = body.current!;
      const t0 = performance.now();
      const message = event.data;
      if (message.type === 'manifold-preview:render') {
        clearProblems(b, banner.current!);
        applyHtml(b, message.html);
        renderToc(toc.current!, message.toc, t(lang).toc);
        empty.current!.hidden = b.childNodes.length > 0;
        document.dispatchEvent(new Event(ISLANDS_CHANGED_EVENT));
      } else {
        markProblems(b, banner.current!, message.problems, lang);
      }
      tell({ type: 'manifold-preview:applied', seq: message.seq, ms: Math.round((performance.now() - t0) * 10) / 10 });
    };

    // Links leave neither the frame nor the editor: a #heading scrolls the frame, anything else opens a new tab.
    const onClick = (event: MouseEvent) => {
      const a = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || event.defaultPrevented) return;
      event.preventDefault();
      const href = a.getAttribute('href') ?? '';
      if (href.startsWith('#')) {
        const id = decodeURIComponent(href.slice(1));
        document.getElementById(id)?.scrollIntoView({ block: 'start' });
      } else window.open(a.href, '_blank', 'noopener,noreferrer');
    };

    window.addEventListener('message', onMessage);
    document.addEventListener('click', onClick);
    // The embeds' runtime, as a post page loads it; it hydrates each [data-embed] near the viewport and picks up the
    // ones a later render adds (ISLANDS_CHANGED_EVENT).
    const script = document.createElement('script');
    script.type = 'module';
    script.src = ISLAND_SCRIPT;
    document.head.append(script);
    tell({ type: 'manifold-preview:ready' });
    return () => {
      window.removeEventListener('message', onMessage);
      document.removeEventListener('click', onClick);
    };
  }, []);

  return (
    <>
      <Head>
        <title>미리보기 · Preview</title>
        <meta name="robots" content="noindex, nofollow" />
        <link rel="stylesheet" href={ISLAND_CSS} />
      </Head>
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      <main className="preview-frame">
        <article className="post" lang="ko">
          <div ref={banner} className="preview-problems" hidden />
          <nav ref={toc} className="toc" hidden />
          <p ref={empty} className="preview-empty" />
          <div ref={body} className="prose" data-preview-body="" />
        </article>
      </main>
    </>
  );
}

// What the preview frame does to its document when the pane sends a render or the problems of a source that does not
// compile. A render replaces the body block by block: a top-level block whose HTML did not change is the same DOM node
// afterwards (only its data-line is updated), so a live demo the author is playing with, a scroll position or an open
// <details> survive typing elsewhere in the post. Browser-only; no React (the frame's React never owns these nodes).
import type { PreviewProblem, PreviewTocEntry } from './preview-protocol';

const KEYS = new WeakMap<Node, string>();

/**
 * A block's identity: its HTML without its line (a block moved down by an edit above it is still the same block), and
 * an embed by its name and props alone: its server-rendered figure is a function of them, but React's generated ids in
 * it change with the embed's place in the post.
 */
function keyOf(node: Node): string {
  if (node.nodeType !== Node.ELEMENT_NODE) return `#${node.nodeType}:${node.textContent ?? ''}`;
  const copy = node.cloneNode(true) as Element;
  copy.removeAttribute('data-line');
  const embeds = copy.matches('[data-embed]') ? [copy] : Array.from(copy.querySelectorAll('[data-embed]'));
  for (const embed of embeds) embed.replaceChildren();
  return copy.outerHTML;
}

/** Replaces the container's children with the HTML's, reusing every unchanged block. Returns how many were new. */
export function applyHtml(container: HTMLElement, html: string): number {
  const template = document.createElement('template');
  template.innerHTML = html;
  const reusable = new Map<string, Node[]>();
  for (const old of Array.from(container.childNodes)) {
    const key = KEYS.get(old);
    if (key === undefined) continue;
    const list = reusable.get(key);
    if (list) list.push(old);
    else reusable.set(key, [old]);
  }
  let created = 0;
  const wanted = Array.from(template.content.childNodes).map((node) => {
    const key = keyOf(node);
    const reuse = reusable.get(key)?.shift();
    if (reuse) {
      if (reuse instanceof Element && node instanceof Element) {
        const line = node.getAttribute('data-line');
        if (line === null) reuse.removeAttribute('data-line');
        else reuse.setAttribute('data-line', line);
      }
      return reuse;
    }
    created++;
    KEYS.set(node, key);
    return node;
  });
  wanted.forEach((node, i) => {
    const at = container.childNodes[i];
    if (at !== node) container.insertBefore(node, at ?? null);
  });
  while (container.childNodes.length > wanted.length) container.lastChild!.remove();
  return created;
}

/** The reader's table of contents (the same markup as the post page's), hidden when it would have one entry. */
export function renderToc(nav: HTMLElement, toc: PreviewTocEntry[], label: string) {
  nav.replaceChildren();
  nav.hidden = toc.length <= 1;
  if (nav.hidden) return;
  nav.setAttribute('aria-label', label);
  const details = document.createElement('details');
  details.open = true;
  const summary = document.createElement('summary');
  summary.textContent = label;
  const ol = document.createElement('ol');
  for (const entry of toc) {
    const li = document.createElement('li');
    li.className = `toc-depth-${entry.depth}`;
    const a = document.createElement('a');
    a.href = `#${encodeURIComponent(entry.id)}`;
    a.textContent = entry.text;
    li.append(a);
    ol.append(li);
  }
  details.append(summary, ol);
  nav.append(details);
}

const MARK = 'preview-problem-block';

export function clearProblems(container: HTMLElement, banner: HTMLElement) {
  for (const el of Array.from(container.querySelectorAll(`.${MARK}`))) {
    el.classList.remove(MARK);
    el.removeAttribute('data-problem');
  }
  banner.replaceChildren();
  banner.hidden = true;
}

/** The block a source line belongs to: the last top-level block that starts at or before it. */
export function blockAt(container: HTMLElement, line: number): HTMLElement | null {
  let found: HTMLElement | null = null;
  for (const el of Array.from(container.children)) {
    const start = Number((el as HTMLElement).dataset.line);
    if (!Number.isFinite(start) || !(el as HTMLElement).dataset.line) continue;
    if (start <= line) found = el as HTMLElement;
    else break;
  }
  return found;
}

/**
 * Marks the last good render with the problems of the current source: each at the block of its line, and listed in
 * the banner (a button per problem scrolls to its block).
 */
export function markProblems(container: HTMLElement, banner: HTMLElement, problems: PreviewProblem[], lang: 'ko' | 'en') {
  clearProblems(container, banner);
  if (!problems.length) return;
  const lineLabel = (line: number) => (lang === 'ko' ? `${line}행` : `Line ${line}`);
  const title = document.createElement('p');
  title.className = 'preview-problems-title';
  title.textContent =
    lang === 'ko' ? '컴파일되지 않습니다. 아래는 마지막으로 컴파일된 미리보기입니다.' : 'The source does not compile. Below is the last preview that did.';
  const list = document.createElement('ul');
  for (const problem of problems) {
    const block = blockAt(container, problem.line);
    const text = `${lineLabel(problem.line)}: ${problem.message}`;
    if (block) {
      block.classList.add(MARK);
      block.setAttribute('data-problem', text);
    }
    const li = document.createElement('li');
    if (block) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = text;
      button.addEventListener('click', () => block.scrollIntoView({ block: 'center' }));
      li.append(button);
    } else li.textContent = text;
    list.append(li);
  }
  banner.append(title, list);
  banner.hidden = false;
}

// Tistory's conventions in a post's HTML (its RSS carries the full HTML of recent posts):
// - editor placeholders `[##_Image|kage@abc/img.png|CDM|1.3|{"caption":"…"}_##]` (and ImageGrid/Gallery with several
//   kage@ files) become <img>. ASSUMPTION: `kage@<path>` is Tistory's storage key and is served from
//   https://blog.kakaocdn.net/dn/<path> (the address Tistory's own pages use for it); other placeholders (Map, Video,
//   File…) are dropped with a note.
// - `<p data-ke-size="size16">&nbsp;</p>` spacers, `<pre class="python" data-ke-language="python">` code and MathJax
//   `$$…$$` in the text are handled by html-to-markdown.
export const KAGE_BASE = 'https://blog.kakaocdn.net/dn/';

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function kageUrl(key: string): string {
  return KAGE_BASE + key.replace(/^kage@/, '').split('/').map((part) => encodeURIComponent(decodeSafe(part))).join('/');
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Replaces Tistory's [##_…_##] placeholders; notes name what was dropped. */
export function expandTistoryPlaceholders(html: string, notes: string[] = []): string {
  return html.replace(/\[##_([A-Za-z]+)\|([\s\S]*?)_##\]/g, (whole, kind: string, body: string) => {
    if (!/^(Image|ImageGrid|Gallery)$/.test(kind)) {
      notes.push(`dropped Tistory [##_${kind}_##] placeholder`);
      return '';
    }
    const images = [...body.matchAll(/kage@[^|\s"'\]]+/g)].map((m) => m[0]);
    if (!images.length) {
      notes.push(`dropped Tistory [##_${kind}_##] placeholder without an image`);
      return '';
    }
    let caption = '';
    let alt = '';
    const json = /\{[\s\S]*\}/.exec(body)?.[0];
    if (json && kind === 'Image') {
      try {
        const data = JSON.parse(json) as Record<string, unknown>;
        if (typeof data.caption === 'string') caption = data.caption;
        if (typeof data.alt === 'string') alt = data.alt;
        else if (typeof data.filename === 'string') alt = data.filename;
      } catch { /* a placeholder without readable options keeps its image */ }
    }
    const imgs = images.map((key) => `<img src="${escapeAttr(kageUrl(key))}" alt="${escapeAttr(alt)}">`).join('');
    return `<figure>${imgs}${caption ? `<figcaption>${escapeAttr(caption)}</figcaption>` : ''}</figure>`;
  });
}

/** Legacy paths of a Tistory post: its link's path (/123 or /entry/제목) and its guid's, percent-decoded. */
export function isTistoryHost(url: string): boolean {
  try {
    return /(^|\.)tistory\.com$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

// Stylesheets written into a page (<style>) instead of linked: their relative url()s resolved against the file's own
// address, and nothing in them able to end the <style> element.

/** The stylesheet's url()s made absolute: bundlers write them relative to the file (assets/…), not to the page. */
export function absoluteUrls(css: string, href: string): string {
  const base = new URL(href, 'http://base.invalid');
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, quote: string, target: string) => {
    if (/^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(target)) return whole;
    const u = new URL(target, base);
    return `url(${quote}${u.pathname}${u.search}${u.hash}${quote})`;
  });
}

/** CSS safe inside <style>…</style>: "</style" cannot occur (a backslash escape reads the same in CSS). */
export function inlineCss(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

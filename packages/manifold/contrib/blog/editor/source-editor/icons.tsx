// The toolbar's icons: small inline SVGs in currentColor (an emoji may have no glyph on the author's system).
import type { ReactNode } from 'react';

const svg = (children: ReactNode) => (
  <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    {children}
  </svg>
);

export const icons = {
  link: svg(
    <>
      <path d="M6.5 9.5l3-3" />
      <path d="M7 4.5l1.2-1.2a2.6 2.6 0 013.7 3.7L10.7 8.2" />
      <path d="M9 11.5l-1.2 1.2a2.6 2.6 0 01-3.7-3.7L5.3 7.8" />
    </>,
  ),
  quote: svg(
    <>
      <path d="M3 3.5v9" />
      <path d="M6 5.5h7M6 8h7M6 10.5h4.5" />
    </>,
  ),
  bullet: svg(
    <>
      <circle cx="3.5" cy="4.5" r="0.9" fill="currentColor" stroke="none" />
      <circle cx="3.5" cy="8" r="0.9" fill="currentColor" stroke="none" />
      <circle cx="3.5" cy="11.5" r="0.9" fill="currentColor" stroke="none" />
      <path d="M6.5 4.5H13M6.5 8H13M6.5 11.5H13" />
    </>,
  ),
  table: svg(
    <>
      <rect x="2.5" y="3" width="11" height="10" rx="1.2" />
      <path d="M2.5 6.5h11M2.5 9.8h11M6.2 6.5V13M9.8 6.5V13" />
    </>,
  ),
  image: svg(
    <>
      <rect x="2.5" y="3" width="11" height="10" rx="1.2" />
      <circle cx="6" cy="6.5" r="1.1" />
      <path d="M3 12l3.5-3.5 2.5 2.5 1.8-1.8L13 11.5" />
    </>,
  ),
  embed: svg(
    <>
      <rect x="2.5" y="3" width="11" height="10" rx="1.2" />
      <path d="M7 6.3v3.4L9.8 8z" fill="currentColor" />
    </>,
  ),
  lines: svg(
    <>
      <path d="M3 4.5h1M3 8h1M3 11.5h1" />
      <path d="M6.5 4.5H13M6.5 8H13M6.5 11.5H13" />
    </>,
  ),
};

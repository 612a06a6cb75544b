// The document of App Router pages: an app's own routes (the sample route `manage startapp` writes) and, later, the
// admin. Reader pages do not use it: they are Pages Router pages (pages/_document.tsx) with no framework JavaScript.
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { siteConfig } from '../site.config';
import { settings } from 'manifold/settings';
import { themeScript } from 'manifold/theme-script';
import 'manifold/blog/theme.css';

export const metadata: Metadata = {
  metadataBase: new URL(settings().siteUrl),
  title: { default: siteConfig.title, template: `%s | ${siteConfig.title}` },
  description: siteConfig.description,
  alternates: { types: { 'application/rss+xml': '/feed.xml' } },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#15171a' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ko" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>{children}</body>
    </html>
  );
}

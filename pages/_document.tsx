// The Pages Router document (used by post pages): Korean, and the theme applied before first paint.
import { Head, Html, Main, NextScript } from 'next/document';
import { themeScript } from 'manifold/theme-script';

export default function Document() {
  return (
    <Html lang="ko">
      <Head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </Head>
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}

// The Pages Router document (reader pages and post previews): the page's language on <html> (Korean, or English under
// /en; the 404 is Korean-first everywhere), and the theme applied before first paint.
import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from 'next/document';
import { themeScript } from 'manifold/theme-script';

export default class ManifoldDocument extends Document<{ lang: string }> {
  static async getInitialProps(ctx: DocumentContext): Promise<DocumentInitialProps & { lang: string }> {
    const initial = await Document.getInitialProps(ctx);
    // The 404 is one Korean-first document for every address (its English line says lang="en" itself).
    return { ...initial, lang: ctx.query.lang === 'en' && ctx.res?.statusCode !== 404 ? 'en' : 'ko' };
  }

  render() {
    return (
      <Html lang={this.props.lang}>
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
}

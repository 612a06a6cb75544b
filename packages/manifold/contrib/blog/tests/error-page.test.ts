// The site's error page (views/error.tsx, pages/_error.tsx): for the error a real Prisma client raises when its
// PostgreSQL cannot be reached (a closed port), 503 with Retry-After, no-store and the "try again" page; for any other
// error, 500. (A real server answering so while its database is cut: tests/e2e/db-outage.spec.ts.)
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../../lib/database-url';
import { createDb } from '../../../lib/db';
import { ErrorPage } from '../views/error';

const fakeRes = () => {
  const headers = new Map<string, string>();
  return { res: { statusCode: 500, headersSent: false, setHeader: (k: string, v: string) => void headers.set(k.toLowerCase(), v) }, headers };
};

describe('the error page', () => {
  it('answers 503 "try again" for a database out of reach, and 500 for anything else', async () => {
    // Port 1: nothing listens, the connection is refused (Prisma P1001 / DatabaseNotReachable).
    const db = createDb(parseDatabaseUrl('postgresql://postgres@127.0.0.1:1/nothing'));
    const err = await db.post.count().then(() => null, (e: unknown) => e);
    await db.$disconnect();
    expect(err).not.toBeNull();

    const away = fakeRes();
    const props = ErrorPage.getInitialProps({ res: away.res, err } as never);
    expect(props).toEqual({ statusCode: 503, unavailable: true });
    expect(away.res.statusCode).toBe(503);
    expect(away.headers.get('retry-after')).toBe('5');
    expect(away.headers.get('cache-control')).toBe('no-store');
    const html = renderToStaticMarkup(ErrorPage(props));
    expect(html).toContain('잠시 후 다시 시도해 주세요');
    expect(html).toContain('Try again in a moment');

    const other = fakeRes();
    const bug = ErrorPage.getInitialProps({ res: other.res, err: new Error('render failed') } as never);
    expect(bug).toEqual({ statusCode: 500, unavailable: false });
    expect(other.res.statusCode).toBe(500);
    expect(other.headers.size).toBe(0);
    expect(renderToStaticMarkup(ErrorPage(bug))).toContain('문제가 생겼습니다');
  });
});

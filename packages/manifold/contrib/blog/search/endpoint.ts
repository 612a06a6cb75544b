// GET /api/search?q=&limit=&offset=: the reader search as JSON, for the as-you-type island and for other clients.
// `total` counts the matches, or with `totalCapped` only the first 1,000 (the most offset + limit reaches).
import 'server-only';
import { defineEndpoint, Reply } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import { db } from '../../../lib/db';
import { querySearchPage } from './query';
import { formatDate } from '../../../lib/format';
import { categoryUrl, postUrl } from '../urls';
import { markedHtml, plainText } from './snippet';
import { MAX_LIMIT, MAX_OFFSET, QUERY_PROBLEMS, readInt, readQuery, SEARCH_PAGE_SIZE } from './request';

const bilingual = (m: { ko: string; en: string }) => `${m.ko} / ${m.en}`;

export const searchEndpoint = defineEndpoint({
  method: 'GET',
  path: '/api/search',
  handler: async ({ query: params }) => {
    const read = readQuery(params.get('q'));
    if ('problem' in read) throw new HttpError(400, bilingual(QUERY_PROBLEMS[read.problem]));
    const limit = readInt(params.get('limit'), SEARCH_PAGE_SIZE, 1, MAX_LIMIT);
    if (limit === null) throw new HttpError(400, `limit은 1에서 ${MAX_LIMIT} 사이의 정수입니다. / limit is a whole number from 1 to ${MAX_LIMIT}.`);
    const offset = readInt(params.get('offset'), 0, 0, MAX_OFFSET);
    if (offset === null) throw new HttpError(400, `offset은 0에서 ${MAX_OFFSET} 사이의 정수입니다. / offset is a whole number from 0 to ${MAX_OFFSET}.`);
    const lang = params.get('lang') === 'en' ? 'en' : 'ko';
    const found = await querySearchPage(db, read.query, { limit, offset });
    return new Reply(
      200,
      {
        query: read.query,
        words: found.words,
        total: found.total,
        // The total is a floor: a query with a word most posts have is counted up to 1,000 (search/index.ts).
        totalCapped: found.capped,
        results: found.hits.map((h) => ({
          slug: h.slug,
          url: postUrl(lang, h.slug),
          title: h.title,
          titleHtml: markedHtml(h.titleParts),
          snippet: plainText(h.snippet),
          snippetHtml: markedHtml(h.snippet),
          category: h.category && { ...h.category, url: categoryUrl(lang, h.category.path) },
          publishedAt: h.publishedAt,
          date: formatDate(h.publishedAt),
          score: Math.round(h.score * 10_000) / 10_000,
        })),
      },
      // Results change only when posts do; a browser or CDN may keep an answer briefly.
      { headers: { 'cache-control': 'public, max-age=30' } },
    );
  },
});

export const searchEndpoints = [searchEndpoint];

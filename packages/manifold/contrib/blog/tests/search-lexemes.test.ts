// PostgreSQL's index adds syllable trigrams so a common Korean word is one GIN lookup instead of a phrase checked
// against every post (search/tokenize.ts). That is only sound if the trigram query matches exactly the documents the
// bigram phrase matched: asked of real PostgreSQL, over texts built to trip it (spacing, particles, punctuation between
// runs, repeated syllables, Latin words between Korean ones).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS, testPostgresAdminUrl } from '../../../testing/databases';
import { documentLexemes, documentTokens, parseQuery, Synonyms, tsqueryExpression, variantTokens } from '../search/tokenize';

const TEXTS = [
  '경사하강법으로 학습률을 정한다',
  '경사 하강법과 학습 률',
  '경사를 하강한다. 학습.습률',
  '하하하하 하하 하',
  '경사경사하강법 경사하 강법',
  'GPT모델구조와 GPT 모델 구조',
  '트랜스포머(Transformer)의 어텐션은 셀프 어텐션',
  '오토 인코더, 오토인코더; 오토-인코더',
  '합성곱 신경망 합성 곱신경망',
  '학습률 learning rate 학습',
  '경사, 하강; 모델구조GPT와 모델구 조GPT',
  '학습률GPT모델 그리고 학습률 GPT 모델구조',
];
const QUERIES = ['학습률', '학습률을', '경사하강법', '경사 하강법', '하하하', '하하하하', '하하', '하', '경사하강', '사하강', '모델구조', 'gpt모델구조', 'GPT 모델 구조', '트랜스포머의', '셀프 어텐션', '오토인코더', '오토 인코더', '합성곱신경망', '곱신경', '학습', 'learning rate', '경사강', '모델구조gpt', '학습률gpt모델', '습률gpt모델구'];

/** A tsvector literal of lexemes by position (1-based), as the index writes them. */
const literal = (byPosition: string[][]) => {
  const positions = new Map<string, number[]>();
  byPosition.forEach((lexemes, i) => lexemes.forEach((l) => positions.set(l, [...(positions.get(l) ?? []), i + 1])));
  return [...positions].map(([l, at]) => `'${l}':${at.join(',')}`).join(' ') || "''";
};

/** What the index asked before trigrams: each variant the phrase of its bigrams. */
const bigramQuery = (query: string) =>
  parseQuery(query, new Synonyms([]))
    .groups.map((g) => g.variants.map((v) => {
      const { tokens, prefix } = variantTokens(v);
      return `(${tokens.map((t) => `'${t}'${prefix ? ':*' : ''}`).join(' <-> ')})`;
    }).join(' | '))
    .join(' & ');
const trigramQuery = (query: string) => parseQuery(query, new Synonyms([])).groups.map(tsqueryExpression).join(' & ');

describe.skipIf(!PROVIDERS.includes('postgresql'))('trigram lexemes on PostgreSQL', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: testPostgresAdminUrl() });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('stores a trigram beside each pair of overlapping bigrams, at the first one\'s position', () => {
    expect(documentLexemes('학습률을')).toEqual([['학습', '학습률'], ['습률', '습률을'], ['률을']]);
    expect(documentLexemes('경사 하강')).toEqual([['경사', '경사하'], ['사하', '사하강'], ['하강']]);
    expect(documentLexemes('GPT 모델')).toEqual([['gpt'], ['모델']]);
    expect(documentLexemes('학습').flat()).toEqual(documentTokens('학습'));
  });

  it.each(QUERIES)('%s matches the same texts as its bigram phrase', async (query) => {
    const results: { text: string; bigram: boolean; trigram: boolean }[] = [];
    for (const text of TEXTS) {
      const r = await client.query<{ bigram: boolean; trigram: boolean }>(`SELECT $1::tsvector @@ $2::tsquery AS bigram, $3::tsvector @@ $4::tsquery AS trigram`, [
        literal(documentTokens(text).map((t) => [t])),
        bigramQuery(query),
        literal(documentLexemes(text)),
        trigramQuery(query),
      ]);
      results.push({ text, ...r.rows[0] });
    }
    expect(results.filter((r) => r.bigram !== r.trigram)).toEqual([]);
    // The table means something: each query finds some text and misses another, but 경사강 finds none (경사 and 하강
    // stand side by side in a text, and do not overlap).
    const found = results.filter((r) => r.bigram).length;
    if (query === '경사강') expect(found).toBe(0);
    else expect(found > 0 && found < TEXTS.length).toBe(true);
  });
});

// The search's words, made in TypeScript so SQLite and PostgreSQL match the same ones: Korean bigrams with the bigram
// across a space, particles stripped from query words only, Porter stems, synonym spans, and the query expressions
// both databases are given (nothing of the reader's text reaches them but letters and digits).
import { describe, expect, it } from 'vitest';
import { highlight, snippet, plainText } from '../search/snippet';
import { documentTokens, fts5Expression, parseQuery, stripParticle, Synonyms, tsqueryExpression, wordPieces } from '../search/tokenize';

const synonyms = new Synonyms([['트랜스포머', 'transformer'], ['학습률', 'learning rate'], ['경사하강법', 'gradient descent']]);
const none = new Synonyms([]);

describe('stripParticle', () => {
  it.each([
    ['학습률을', '학습률'], ['모델에서는', '모델'], ['오토인코더란', '오토인코더'], ['데이터들', '데이터'], ['알고리즘으로', '알고리즘'],
    ['학습하는', '학습'], ['경사하강법은', '경사하강법'], ['평가', '평가'], ['길이', '길이'], ['나는', '나는'], ['모델', '모델'], ['abc', 'abc'],
  ])('%s → %s', (word, stem) => expect(stripParticle(word)).toBe(stem));
});

describe('documentTokens', () => {
  it('makes syllable bigrams, one syllable alone, and stems Latin words', () => {
    expect(documentTokens('학습률')).toEqual(['학습', '습률']);
    expect(documentTokens('딥')).toEqual(['딥']);
    expect(documentTokens('Transformers LEARNING')).toEqual(['transform', 'learn']);
    expect(documentTokens('tf.softmax(x_1)')).toEqual(['tf', 'softmax', 'x', '1']);
  });

  it('bridges a space between Korean words, from the first word without its particle, and nothing else', () => {
    expect(documentTokens('경사 하강법')).toEqual(['경사', '사하', '하강', '강법']);
    expect(documentTokens('경사를 하강')).toEqual(['경사', '사를', '사하', '하강']);
    expect(documentTokens('경사, 하강')).toEqual(['경사', '하강']);
    expect(documentTokens('GPT 모델')).toEqual(['gpt', '모델']);
  });

  it('folds width and case, and composes jamo', () => {
    expect(documentTokens('Ｔｒａｎｓｆｏｒｍｅｒ')).toEqual(['transform']);
    expect(documentTokens('\u1112\u1161\u11a8\u1109\u1173\u11b8')).toEqual(['학습']);
  });
});

describe('parseQuery', () => {
  it('keeps each word as a group, particles stripped and a particle after a Latin word dropped', () => {
    expect(parseQuery('학습률을  Transformer의', none).groups.map((g) => g.variants.map((v) => v.pieces))).toEqual([
      [[{ kind: 'cjk', text: '학습률' }]],
      [[{ kind: 'word', stem: 'transform' }]],
    ]);
    expect(wordPieces('GPT모델')).toEqual([{ kind: 'word', stem: 'gpt' }, { kind: 'cjk', text: '모델' }]);
  });

  it('takes the longest span of up to three words a synonym names as one group, matched by every term of it', () => {
    const parsed = parseQuery('learning rate 트랜스포머 경사 하강법', synonyms);
    expect(parsed.groups.map((g) => g.label)).toEqual(['learning rate', '트랜스포머', '경사 하강법']);
    expect(parsed.groups.map(fts5Expression)).toEqual(['"learn rate" OR "학습 습률"', '"트랜 랜스 스포 포머" OR "transform"', '"경사 사하 하강 강법" OR "gradient descent"']);
    expect(parsed.groups.map(tsqueryExpression)).toEqual([
      "('learn' <-> 'rate') | ('학습률')",
      "('트랜스' <-> '랜스포' <-> '스포머') | ('transform')",
      "('경사하' <-> '사하강' <-> '하강법') | ('gradient' <-> 'descent')",
    ]);
  });

  it('matches one syllable as a prefix, drops a lone particle beside other words, and keeps eight groups', () => {
    expect(parseQuery('빛', none).groups.map(fts5Expression)).toEqual(['"빛"*']);
    expect(parseQuery('빛', none).groups.map(tsqueryExpression)).toEqual(["('빛':*)"]);
    expect(parseQuery('모델 의 구조', none).groups.map((g) => g.label)).toEqual(['모델', '구조']);
    expect(parseQuery('의', none).groups.map((g) => g.label)).toEqual(['의']);
    const many = parseQuery('a b c d e f g h i j', none);
    expect([many.groups.length, many.dropped]).toEqual([8, ['i', 'j']]);
  });

  it('gives the databases letters and digits only, whatever the query holds', () => {
    const parsed = parseQuery(`" ' \\ * ( ) : ^ NEAR(a) <-> ':* "x" OR y; DROP TABLE`, none);
    for (const group of parsed.groups) {
      expect(fts5Expression(group)).toMatch(/^"[\p{L}\p{N} ]+"\*?( OR "[\p{L}\p{N} ]+"\*?)*$/u);
      expect(tsqueryExpression(group)).toMatch(/^\('[\p{L}\p{N}]+'(:\*)?( <(-|\d)> '[\p{L}\p{N}]+')*\)( \| .*)?$/u);
    }
    expect(parsed.groups.map((g) => g.label)).toEqual(['near(a)', '"x"', 'or', 'y;', 'drop', 'table']);
  });
});

describe('snippets', () => {
  const groups = parseQuery('경사하강법 learning', none).groups;

  it('marks the spaced spelling and every inflection with the same stem, in the text\'s own case', () => {
    expect(highlight('경사 하강법과 Learning Rate, learned', groups).filter((s) => s.hit).map((s) => s.text)).toEqual(['경사 하강법', 'Learning', 'learned']);
    // A Latin word runs into Hangul with no space (Learning란, 모델learning): the word is still marked.
    expect(highlight('Learning란 모델learning', groups).filter((s) => s.hit).map((s) => s.text)).toEqual(['Learning', 'learning']);
  });

  it('picks the passage with the most different words, cut at spaces with an ellipsis', () => {
    const text = `${'서론 '.repeat(80)}경사하강법 하나. ${'중간 '.repeat(80)}경사하강법과 learning 둘 다. ${'끝 '.repeat(80)}`;
    const parts = snippet(text, groups, 100)!;
    const shown = plainText(parts);
    expect(shown.startsWith('…') && shown.endsWith('…')).toBe(true);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['경사하강법', 'learning']);
    expect(shown.length).toBeLessThanOrEqual(102);
    expect(snippet('관련 없는 글', groups, 100)).toBeNull();
  });
});

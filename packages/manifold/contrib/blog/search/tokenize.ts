// The search's words, the same on SQLite and PostgreSQL because they are made here, not by either database.
//
// Korean has no spaces between a noun and its particle (학습률을) and writers space compounds as they like (경사 하강법 /
// 경사하강법), so a dictionary-free index works on syllable bigrams: 학습률 is stored as the tokens 학습 습률, and a query
// word is the *phrase* of its bigrams, which both databases match by position (FTS5 phrases, tsquery's <->). A particle
// or ending on a query word is stripped first (학습률을 → 학습률) because its last bigram (률을) is not in every post
// that says 학습률; a particle in the post costs nothing, its extra bigram is simply not asked for. Between two Korean
// words separated by a space the index also stores the bigram across the space (경사 하강법 → … 사하 …), so the phrase of
// the unspaced spelling matches the spaced one and the other way round. A single syllable is matched as a prefix.
// Latin words are lowercased and Porter-stemmed (`stemmer`: transformers → transform, learning → learn); identifiers
// split on anything that is not a letter or digit (snake_case, tf.softmax), so code and math names are words too.
// Other CJK scripts take the bigram path as well.
//
// PostgreSQL's GIN index keeps no positions, so every phrase it matches is checked again against the post's whole
// tsvector (read and decompressed from TOAST): a common three-syllable word (학습률: 학습 <-> 습률) would read every
// post. Its index therefore also stores each syllable trigram where two overlapping bigrams stand side by side (학습률
// at 학습's position), and a query asks for the trigrams' phrase instead: the same matches (a trigram is there exactly
// where its two bigrams are adjacent), a three-syllable word is one lexeme the index answers alone, and a longer
// word's phrase is checked only on the posts that hold all its trigrams. SQLite's FTS5 reads positions from its own
// index and keeps the bigram phrases.
import { stemmer } from 'stemmer';

/** Scripts written without spaces between words: Hangul syllables, kana, CJK ideographs. */
export const BIGRAM_CHAR = '\\uAC00-\\uD7A3\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';
/** A run of bigram-script characters, or a run of any other letters and digits. */
const RUN = new RegExp(`([${BIGRAM_CHAR}]+)|((?:(?![${BIGRAM_CHAR}])[\\p{L}\\p{N}])+)`, 'gu');
const HANGUL = /^[\uAC00-\uD7A3]+$/;

/**
 * Particles and endings stripped from the end of a Korean query word, longest first. Only when at least two
 * syllables stay (평가 keeps its 가; 학습률을 loses 을), and once: 모델에서는 → 모델.
 */
const SUFFIXES = [
  '으로부터', '에서부터', '이었습니다', '하였습니다', '되었습니다',
  '에게서', '한테서', '으로서', '으로써', '이라는', '이라고', '이라면', '에서는', '에서도', '에게는', '으로는', '으로도',
  '입니다', '합니다', '됩니다', '했습니다', '이에요', '인가요', '이었다', '하였다', '되었다', '하려면', '이란',
  '까지', '부터', '에서', '에게', '한테', '으로', '처럼', '보다', '마다', '조차', '이나', '이며', '이고', '라는', '라고',
  '와의', '과의', '에는', '에도', '에의', '로서', '로써', '로는', '로도', '이다', '하는', '하고', '하기', '하여', '해서',
  '한다', '했다', '하면', '된다', '되는', '되어', '됐다', '들은', '들을', '들이', '들의', '들도', '들과', '들에',
  '은', '는', '이', '가', '을', '를', '의', '에', '와', '과', '도', '만', '로', '란', '들', '께', '요',
];
const PARTICLE_WORDS = new Set(SUFFIXES);

/** 학습률을 → 학습률, 모델에서는 → 모델; 평가 stays 평가 (one syllable would be left). */
export function stripParticle(word: string): string {
  if (!HANGUL.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 2 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Case, width and composed forms folded: ＡＢＣ → abc, decomposed jamo → syllables. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** A Latin (or other spaced-script) word as the index stores it. */
export function stem(word: string): string {
  return /^[a-z]+$/.test(word) && word.length > 2 ? stemmer(word) : word;
}

function bigrams(run: string): string[] {
  if (run.length === 1) return [run];
  const out: string[] = [];
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

/** The index tokens of a text, in order (their positions are what phrases match). */
export function documentTokens(text: string): string[] {
  const tokens: string[] = [];
  const source = normalize(text);
  let previous: { end: number; stem: string } | null = null;
  for (const m of source.matchAll(RUN)) {
    const start = m.index;
    if (m[1]) {
      const run = m[1];
      // The bigram across a space between two words (경사 하강법 → 사하), from the first word without its particle.
      if (previous && /^\s+$/.test(source.slice(previous.end, start))) tokens.push(previous.stem.slice(-1) + run[0]);
      tokens.push(...bigrams(run));
      previous = { end: start + run.length, stem: stripParticle(run) };
    } else {
      tokens.push(stem(m[2]));
      previous = null;
    }
  }
  return tokens;
}

const isBigram = (token: string) => token.length === 2 && BIGRAM_RE.test(token);
const BIGRAM_RE = new RegExp(`^[${BIGRAM_CHAR}]{2}$`, 'u');

/**
 * PostgreSQL's index terms of a text, by position: each documentTokens() token, with the trigram of it and the next
 * token when both are bigrams that overlap by a syllable (학습, 습률 → 학습률 beside 학습).
 */
export function documentLexemes(text: string): string[][] {
  const tokens = documentTokens(text);
  return tokens.map((token, i) => {
    const next = tokens[i + 1];
    return next !== undefined && isBigram(token) && isBigram(next) && token[1] === next[0] ? [token, token + next[1]] : [token];
  });
}

/** One piece of a query word: a bigram-script run (matched as the phrase of its bigrams), or a stemmed word. */
export type Piece = { kind: 'cjk'; text: string } | { kind: 'word'; stem: string };

/** One way to match a query group: its pieces form one phrase. */
export interface Variant {
  pieces: Piece[];
}

/** What a query word (or a span of words a synonym names) matches: any of its variants. */
export interface QueryGroup {
  /** The words as the reader typed them. */
  label: string;
  variants: Variant[];
}

export interface ParsedQuery {
  groups: QueryGroup[];
  /** Words beyond MAX_GROUPS, not searched. */
  dropped: string[];
}

/** More words than this and the rest are not searched (each is a union in the database). */
export const MAX_GROUPS = 8;
const MAX_SPAN = 3;

/** A query word's pieces: runs, Korean particles stripped (Transformer의 → transformer, 학습률을 → 학습률). */
export function wordPieces(word: string): Piece[] {
  const pieces: Piece[] = [];
  const runs = [...normalize(word).matchAll(RUN)];
  runs.forEach((m, i) => {
    if (m[2]) {
      pieces.push({ kind: 'word', stem: stem(m[2]) });
      return;
    }
    const last = i === runs.length - 1;
    // A particle written straight after a Latin word is not a word of its own.
    if (last && pieces.length && PARTICLE_WORDS.has(m[1])) return;
    pieces.push({ kind: 'cjk', text: last ? stripParticle(m[1]) : m[1] });
  });
  return pieces;
}

/** Adjacent bigram-script pieces join (경사 + 하강법 → 경사하강법): the index bridges the space between them. */
function joinPieces(parts: Piece[][]): Piece[] {
  const out: Piece[] = [];
  for (const piece of parts.flat()) {
    const prev = out[out.length - 1];
    if (piece.kind === 'cjk' && prev?.kind === 'cjk') out[out.length - 1] = { kind: 'cjk', text: prev.text + piece.text };
    else out.push(piece);
  }
  return out;
}

export const pieceKey = (pieces: Piece[]) => pieces.map((p) => (p.kind === 'cjk' ? p.text : p.stem)).join(' ');

/** Groups of interchangeable terms, any language: [['트랜스포머', 'transformer'], ['학습률', 'learning rate']]. */
export type SynonymTable = readonly (readonly string[])[];

/** The synonym table as lookups: a term's piece key → every variant of its group. */
export class Synonyms {
  private readonly byKey = new Map<string, Variant[]>();

  constructor(table: SynonymTable) {
    for (const group of table) {
      const variants = group.map((term) => ({ pieces: joinPieces(term.split(/\s+/).filter(Boolean).map(wordPieces)) })).filter((v) => v.pieces.length);
      for (const v of variants) {
        const key = pieceKey(v.pieces);
        const known = this.byKey.get(key) ?? [];
        for (const other of variants) if (!known.some((k) => pieceKey(k.pieces) === pieceKey(other.pieces))) known.push(other);
        this.byKey.set(key, known);
      }
    }
  }

  lookup(pieces: Piece[]): Variant[] | undefined {
    return this.byKey.get(pieceKey(pieces));
  }
}

/**
 * A reader's query as groups: each word is one group (it "counts": results are ranked first by how many groups they
 * match), except that a span of up to three words a synonym names is one group (learning rate ↔ 학습률), and a word
 * a synonym names matches its synonyms too (트랜스포머 ↔ transformer).
 */
export function parseQuery(query: string, synonyms: Synonyms): ParsedQuery {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  const pieces = words.map(wordPieces);
  const groups: QueryGroup[] = [];
  let i = 0;
  while (i < words.length) {
    if (!pieces[i].length) {
      i++;
      continue;
    }
    let taken = 1;
    let variants: Variant[] = [{ pieces: pieces[i] }];
    for (let span = Math.min(MAX_SPAN, words.length - i); span >= 1; span--) {
      const joined = joinPieces(pieces.slice(i, i + span));
      const found = synonyms.lookup(joined);
      if (found) {
        taken = span;
        variants = [{ pieces: joined }, ...found.filter((v) => pieceKey(v.pieces) !== pieceKey(joined))];
        break;
      }
    }
    groups.push({ label: words.slice(i, i + taken).join(' '), variants });
    i += taken;
  }
  // A lone particle (의, 및…) says nothing when other words are there.
  const meaningful = groups.filter((g) => !(g.variants.length === 1 && g.variants[0].pieces.length === 1 && g.variants[0].pieces[0].kind === 'cjk' && PARTICLE_WORDS.has((g.variants[0].pieces[0] as { text: string }).text)));
  const kept = meaningful.length ? meaningful : groups;
  return { groups: kept.slice(0, MAX_GROUPS), dropped: kept.slice(MAX_GROUPS).map((g) => g.label) };
}

/** A variant's index tokens in order, and whether its one token is matched as a prefix (a single syllable). */
export function variantTokens(v: Variant): { tokens: string[]; prefix: boolean } {
  const tokens = v.pieces.flatMap((p) => (p.kind === 'cjk' ? bigrams(p.text) : [p.stem]));
  const prefix = v.pieces.length === 1 && v.pieces[0].kind === 'cjk' && v.pieces[0].text.length === 1;
  return { tokens, prefix };
}

/** The FTS5 MATCH expression of one group: `"학습 습률" OR "learn rate"`. Tokens hold only letters and digits. */
export function fts5Expression(group: QueryGroup): string {
  return group.variants
    .map((v) => {
      const { tokens, prefix } = variantTokens(v);
      return `"${tokens.join(' ')}"${prefix ? '*' : ''}`;
    })
    .join(' OR ');
}

/**
 * The tsquery text of one variant, over documentLexemes()' terms: `'학습률'`, `'learn' <-> 'rate'`; a longer Korean run
 * is the phrase of its trigrams (경사하강법: '경사하' <-> '사하강' <-> '하강법'), two positions before what follows it.
 */
export function variantTsquery(v: Variant): string {
  const { prefix } = variantTokens(v);
  const terms: { lexeme: string; at: number }[] = [];
  let at = 0;
  for (const p of v.pieces) {
    if (p.kind === 'cjk' && p.text.length >= 3) {
      for (let i = 0; i + 2 < p.text.length; i++) terms.push({ lexeme: p.text.slice(i, i + 3), at: at + i });
      at += p.text.length - 1;
    } else {
      terms.push({ lexeme: p.kind === 'cjk' ? p.text : p.stem, at });
      at += 1;
    }
  }
  return terms.map((t, i) => `${i ? (t.at - terms[i - 1].at === 1 ? ' <-> ' : ` <${t.at - terms[i - 1].at}> `) : ''}'${t.lexeme}'${prefix ? ':*' : ''}`).join('');
}

/** The tsquery text of one group: any of its variants, `('학습률') | ('learn' <-> 'rate')`. */
export function tsqueryExpression(group: QueryGroup): string {
  return group.variants.map((v) => `(${variantTsquery(v)})`).join(' | ');
}

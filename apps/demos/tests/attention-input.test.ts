// What the Attention demo tells a reader about input it cannot take: Korean and other letters it never saw are named
// and dropped (never silently), more than 8 is cut with a note, capitals are taken as lower case without a fuss.
import { describe, expect, it } from 'vitest';
import { ATTENTION_MAX, refusal } from '../demos/attention/figure';
import { ATTENTION_MAX_LENGTH } from '../demos/attention/contract.mjs';

describe('the Attention demo refuses out loud', () => {
  it('keeps the page-side limit equal to the API contract', () => {
    expect(ATTENTION_MAX).toBe(ATTENTION_MAX_LENGTH);
  });

  it('names Korean syllables and jamo it dropped', () => {
    expect(refusal('안녕hi', 8)).toBe('한글은 입력할 수 없어 뺐습니다: 안 녕 (only a–z and 0–9).');
    expect(refusal('ㅎ', 8)).toBe('한글은 입력할 수 없어 뺐습니다: ㅎ (only a–z and 0–9).');
  });

  it('names other characters (a space as 공백) and says when the text was cut at 8', () => {
    expect(refusal('hello world!', 8)).toBe('입력할 수 없어 뺐습니다: 공백 ! (only a–z and 0–9). 8자까지만 씁니다 (at most 8 characters).');
    expect(refusal('abcdefghij', 8)).toBe('8자까지만 씁니다 (at most 8 characters).');
  });

  it('says nothing for input it takes as it is, capitals included', () => {
    expect(refusal('Python3', 8)).toBe('');
    expect(refusal('abc12345', 8)).toBe('');
  });
});

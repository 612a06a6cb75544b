import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileMdx, MdxCompileError, readingMinutes } from '../compile';

/** Embeds as an app registers them: a name and the zod schema of its props. */
const embeds = {
  Convolution: z.object({ kernel: z.array(z.number()).optional(), label: z.string().optional() }).strict(),
  GradientDescent: z.object({ lr: z.number().positive().max(0.5).optional() }).strict(),
};

const post = `---
title: 경사하강법
---
손실 함수는 개별 손실의 합입니다: $L(\\theta, D) = \\sum_i L(\\theta, D_i)$.

## 테일러 전개

$$
L(\\theta+\\Delta \\theta) = L(\\theta) + \\nabla L^{\\top} \\Delta \\theta + \\frac{1}{2}\\Delta\\theta^{\\top} H \\Delta\\theta
$$

### 코드로 확인하기

\`\`\`python
import numpy as np
def step(w, grad, lr=0.1):
    return w - lr * grad
\`\`\`

<GradientDescent lr={0.1} />

| 학습률 | 결과 |
|---|---|
| 0.1 | 수렴 |
`;

describe('compileMdx', () => {
  it('renders math to KaTeX markup at compile time', async () => {
    const out = await compileMdx(post, { embeds });
    expect(out.code).toContain('katex');
    expect(out.code).toContain('katex-display');
    // MathML is kept for screen readers.
    expect(out.code).toContain('semantics');
  });

  it('highlights code with shiki at compile time, for the light and the dark theme', async () => {
    const out = await compileMdx(post, { embeds });
    expect(out.code).toContain('--shiki-light');
    expect(out.code).toContain('--shiki-dark');
    expect(out.code).toMatch(/data-language.{0,5}python/);
  });

  it('builds a table of contents with Korean heading ids', async () => {
    const out = await compileMdx(post, { embeds });
    expect(out.toc).toEqual([
      { depth: 2, text: '테일러 전개', id: '테일러-전개' },
      { depth: 3, text: '코드로 확인하기', id: '코드로-확인하기' },
    ]);
    expect(out.code).toContain('테일러-전개');
  });

  it('records the embeds a post uses, the frontmatter, search text and the first paragraph', async () => {
    const out = await compileMdx(post, { embeds });
    expect(out.embeds).toEqual(['GradientDescent']);
    expect(out.frontmatter).toEqual({ title: '경사하강법' });
    expect(out.searchText).toContain('테일러 전개');
    expect(out.firstParagraph.startsWith('손실 함수는 개별 손실의 합입니다')).toBe(true);
    expect(out.readingMinutes).toBeGreaterThanOrEqual(1);
  });

  it('refuses an embed that no app registers, naming line and column', async () => {
    const err = await compileMdx('첫 줄\n\n<Transformer />\n', { embeds }).catch((e) => e);
    expect(err).toBeInstanceOf(MdxCompileError);
    expect(err.line).toBe(3);
    expect(err.column).toBe(1);
    expect(err.message).toContain('<Transformer /> is not a registered embed');
  });

  it('names the line of a syntax error in a broken post', async () => {
    const err = await compileMdx('---\ntitle: x\n---\n정상 문단\n\n여기서 { 괄호가 닫히지 않습니다\n', { embeds }).catch((e) => e);
    expect(err).toBeInstanceOf(MdxCompileError);
    expect(err.line).toBe(6);
    expect(err.message).toMatch(/^line 6, column \d+: /);
  });

  it('fails on math KaTeX cannot render instead of publishing red error text', async () => {
    const err = await compileMdx('문단\n\n$$\n\\frac{1}{\n$$\n', { embeds }).catch((e) => e);
    expect(err).toBeInstanceOf(MdxCompileError);
    expect(err.message).toContain('math:');
    expect(err.line).toBe(3);
  });

  it('refuses imports and script tags', async () => {
    await expect(compileMdx('import x from "fs"\n\n본문', { embeds })).rejects.toThrow(/import and export are not allowed/);
    await expect(compileMdx('본문\n\n<script>alert(1)</script>\n', { embeds })).rejects.toThrow(/<script> is not allowed/);
  });
});

describe('readingMinutes', () => {
  it('counts Korean words (eojeol), not syllables', () => {
    expect(readingMinutes('가나다 '.repeat(460))).toBe(2);
    expect(readingMinutes('')).toBe(1);
  });
});

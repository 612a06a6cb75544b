// The "insert embed" path end to end without a browser: the catalogue read from the installed apps' real zod schemas,
// the form's values written as MDX, and that MDX compiled by the real compiler back into the same props.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { embedCompileOptions } from '../../../../../lib/embed-schemas';
import { compileMdx } from '../../../../../lib/mdx/compile';
import { describeEmbeds, embedCatalog } from '../../embed-catalog';
import type { EmbedInfo } from '../../types';
import { embedSource, initialFormValues, parsePropValue } from '../embed-mdx';

/** The props a compiled post stored for its first embed named `name`. */
function storedProps(code: string, name: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (n: { properties?: Record<string, unknown>; children?: unknown[] }) => {
    if (found) return;
    if (n.properties?.name === name && typeof n.properties.props === 'string') found = JSON.parse(n.properties.props);
    for (const c of n.children ?? []) walk(c as typeof n);
  };
  walk((JSON.parse(code) as { tree: typeof walk extends (n: infer T) => void ? T : never }).tree);
  return found;
}

const probe = z
  .object({
    title: z.string().describe('그림 위의 제목'),
    lr: z.number().positive().max(0.5).optional(),
    steps: z.number().int().min(1).max(200).default(50),
    padding: z.enum(['valid', 'same']).optional(),
    mode: z.union([z.literal(1), z.literal(2)]).optional(),
    normalize: z.boolean().optional(),
    kernel: z.array(z.number()).min(1).max(9).optional(),
    extra: z.object({ a: z.number(), 'b-c': z.array(z.string()) }).optional(),
  })
  .strict()
  .describe('A probe embed');

describe('embedCatalog', () => {
  it('describes each prop for a form: type, required, default, range, options, description', () => {
    const [info] = describeEmbeds({ Probe: probe }, { Probe: 'lab' });
    expect(info).toMatchObject({ name: 'Probe', app: 'lab', description: 'A probe embed' });
    const by = Object.fromEntries(info.props.map((p) => [p.name, p]));
    expect(by.title).toEqual({ name: 'title', type: 'string', required: true, description: '그림 위의 제목' });
    expect(by.lr).toMatchObject({ type: 'number', required: false, min: 0, max: 0.5 });
    expect(by.steps).toMatchObject({ type: 'integer', required: false, default: 50, min: 1, max: 200 });
    expect(by.padding).toMatchObject({ type: 'enum', options: ['valid', 'same'] });
    expect(by.mode).toMatchObject({ type: 'enum', options: [1, 2] });
    expect(by.normalize).toMatchObject({ type: 'boolean' });
    expect(by.kernel).toMatchObject({ type: 'array', min: 1, max: 9 });
    expect(by.extra).toMatchObject({ type: 'json' });
  });

  it('lists the installed embeds from the registry, with their apps and props', async () => {
    const catalog = await embedCatalog();
    const { embeds, embedApps } = await embedCompileOptions();
    expect(catalog.map((e) => e.name)).toEqual(Object.keys(embeds).sort());
    for (const e of catalog) expect(e.app).toBe(embedApps[e.name]);
    const gd = catalog.find((e) => e.name === 'GradientDescent');
    if (gd) expect(gd.props).toEqual([{ name: 'lr', type: 'number', required: false, min: 0, max: 0.5 }]);
    // Every installed embed's empty form is valid MDX the compiler accepts.
    for (const e of catalog) {
      if (e.props.some((p) => p.required)) continue;
      const { mdx, errors } = embedSource(e, initialFormValues(e), 'ko');
      expect(errors).toEqual({});
      const out = await compileMdx(`앞 문단\n\n${mdx}\n`, { embeds, embedApps });
      expect(out.embeds).toEqual([e.name]);
    }
  });
});

describe('embedSource', () => {
  const [info] = describeEmbeds({ Probe: probe });

  it('writes literal props the compiler reads back as the same values', async () => {
    const form = {
      ...initialFormValues(info),
      title: '따옴표 " 와 & 그리고 {중괄호} <태그>\n두 줄',
      lr: '0.05',
      steps: '120',
      padding: 'same',
      mode: '2',
      normalize: 'false',
      kernel: '[1, -2, 1]',
      extra: '{"a": -1.5, "b-c": ["x", "y"]}',
    };
    const { mdx, errors } = embedSource(info, form, 'en');
    expect(errors).toEqual({});
    expect(mdx).toBe(
      '<Probe title={"따옴표 \\" 와 & 그리고 {중괄호} <태그>\\n두 줄"} lr={0.05} steps={120} padding="same" mode={2} normalize={false} kernel={[1, -2, 1]} extra={{ a: -1.5, "b-c": ["x", "y"] }} />',
    );
    const out = await compileMdx(`# 시험\n\n${mdx}\n`, { embeds: { Probe: probe } });
    expect(storedProps(out.code, 'Probe')).toEqual({
      title: '따옴표 " 와 & 그리고 {중괄호} <태그>\n두 줄',
      lr: 0.05,
      steps: 120,
      padding: 'same',
      mode: 2,
      normalize: false,
      kernel: [1, -2, 1],
      extra: { a: -1.5, 'b-c': ['x', 'y'] },
    });
  });

  it('leaves out blanks and defaults, and quotes a plain string', async () => {
    const { mdx, errors } = embedSource(info, { ...initialFormValues(info), title: '학습률 비교' }, 'ko');
    expect(errors).toEqual({});
    expect(mdx).toBe('<Probe title="학습률 비교" />');
    const out = await compileMdx(mdx + '\n', { embeds: { Probe: probe } });
    expect(storedProps(out.code, 'Probe')).toEqual({ title: '학습률 비교', steps: 50 });
  });

  it('refuses what would not compile, naming the prop, in the admin language', () => {
    const { errors } = embedSource(info, { title: '', lr: '0.9', steps: '1.5', padding: 'full', kernel: '[1, 2', extra: '' }, 'ko');
    expect(errors).toEqual({
      title: '값을 넣어야 합니다',
      lr: '0.5 이하여야 합니다',
      steps: '정수여야 합니다',
      padding: '목록의 값 중 하나여야 합니다',
      kernel: 'JSON 값이 아닙니다',
    });
    const byName = (n: string) => info.props.find((p) => p.name === n)!;
    expect(parsePropValue(byName('lr'), '1e-2', 'en')).toEqual({ value: 0.01 });
    expect(parsePropValue(byName('lr'), '0x10', 'en')).toEqual({ error: 'must be a number' });
    expect(parsePropValue(byName('kernel'), '{"a": 1}', 'en')).toEqual({ error: 'must be an array […]' });
    expect(parsePropValue(byName('kernel'), '[]', 'en')).toEqual({ error: 'needs at least 1 item(s)' });
    expect(parsePropValue(byName('normalize'), 'yes', 'en')).toEqual({ error: 'must be true or false' });
  });

  it('an embed with no props inserts a bare tag', () => {
    const bare: EmbedInfo = { name: 'Timestamp', app: 'demos', props: [] };
    expect(embedSource(bare, {}, 'ko')).toEqual({ mdx: '<Timestamp />', errors: {} });
  });
});

// Posts outlive their apps: an embed of an app that is not installed compiles, renders a placeholder naming the app,
// and comes back (props checked again) once the app is installed, from the same stored output.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileMdx, MdxCompileError } from '../compile';
import { MdxBody } from '../render';

const schemas = { GradientDescent: z.object({ lr: z.number().positive().max(0.5).optional() }).strict() };
const components = { GradientDescent: (p: Record<string, unknown>) => createElement('figure', null, `lr ${String(p.lr)}`) };
const source = '---\ntitle: 경사하강법\n---\n학습률을 바꿔 보세요.\n\n<GradientDescent lr={0.1} />\n';

let n = 0;
const render = (code: string, installed: boolean) =>
  renderToStaticMarkup(createElement(MdxBody, { cacheKey: `uninstalled:${n++}`, code, embeds: installed ? components : {}, schemas: installed ? schemas : {} }));

describe('an embed of an app that is not installed', () => {
  it('compiles, records its app, and renders a placeholder naming the app in Korean and English', async () => {
    const compiled = await compileMdx(source, { embeds: {}, uninstalledEmbeds: { GradientDescent: 'ml' } });
    expect(compiled.embeds).toEqual(['GradientDescent']);
    const html = render(compiled.code, false);
    expect(html).toContain('<div class="embed embed-missing" role="note" data-missing-app="ml">');
    expect(html).toContain("&lt;GradientDescent /&gt; 데모는 &#x27;ml&#x27; 앱이 설치되어 있지 않아 표시할 수 없습니다.");
    expect(html).toContain("This demo needs the &#x27;ml&#x27; app, which is not installed.");
    expect(html).toContain('<p>학습률을 바꿔 보세요.</p>');
    expect(html).not.toContain('data-embed=');
  });

  it('comes back from the same stored output once the app is installed, its props checked then', async () => {
    const compiled = await compileMdx(source, { embeds: {}, uninstalledEmbeds: { GradientDescent: 'ml' } });
    const html = render(compiled.code, true);
    expect(html).toContain('<div class="embed" data-embed="GradientDescent" data-props="{&quot;lr&quot;:0.1}"><figure>lr 0.1</figure></div>');
    expect(html).not.toContain('embed-missing');
    // Props the app's schema refuses (written while it was away) render a placeholder, never the component.
    const tooFast = await compileMdx(source.replace('0.1', '9'), { embeds: {}, uninstalledEmbeds: { GradientDescent: 'ml' } });
    const refused = render(tooFast.code, true);
    expect(refused).toContain('This demo&#x27;s settings are no longer valid.');
    expect(refused).not.toContain('<figure>');
  });

  it('still needs literal props, and an embed no app provides is still an error', async () => {
    await expect(compileMdx('<GradientDescent lr={x} />\n', { embeds: {}, uninstalledEmbeds: { GradientDescent: 'ml' } })).rejects.toThrow(/a prop must be a literal value/);
    await expect(compileMdx('<Gradient />\n', { embeds: schemas, uninstalledEmbeds: { GradientDescent: 'ml' } })).rejects.toThrow(MdxCompileError);
    await expect(compileMdx('<Gradient />\n', { embeds: schemas, uninstalledEmbeds: { GradientDescent: 'ml' } })).rejects.toThrow('<Gradient /> is not a registered embed (registered: GradientDescent)');
  });

  it('an installed embed records its app too, and an old row without it gets the unnamed placeholder', async () => {
    const compiled = await compileMdx(source, { embeds: schemas, embedApps: { GradientDescent: 'ml' } });
    expect(compiled.code).toContain('"app":"ml"');
    expect(render(compiled.code, false)).toContain('data-missing-app="ml"');
    const old = await compileMdx(source, { embeds: schemas });
    expect(old.code).not.toContain('"app"');
    expect(render(old.code, false)).toContain('&lt;GradientDescent /&gt; 데모를 표시할 수 없습니다. (This demo is not available.)');
  });
});

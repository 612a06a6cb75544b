// The "insert embed" form's values → the MDX the compiler accepts: `<Name prop="x" n={3} on={true} k={[1, 2]} />`,
// literal values only, checked against what the catalogue says of each prop (type, range, options, required) so the
// inserted tag compiles; the embed's own schema has the last word when the post compiles.
import type { EmbedInfo, EmbedPropInfo } from '../types';
import type { Lang } from './i18n';

type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

/** What the form holds for one prop: the text typed (or the option picked); '' means "not given". */
export type FormValues = Record<string, string>;

/** A JS literal the compiler reads (numbers, strings, true/false, null, arrays and objects of those). */
export function literalSource(v: Literal): string {
  if (Array.isArray(v)) return `[${v.map(literalSource).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literalSource(x)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('not a finite number');
  return JSON.stringify(v);
}

/** One attribute: strings in quotes when they can be written so, everything else as `{literal}`. */
export function attributeSource(name: string, v: Literal): string {
  // A JSX attribute string has no escapes and MDX decodes character references in it: anything that would need one
  // goes through a JS string literal instead.
  if (typeof v === 'string' && !/["&{}<>\\\r\n\t]/.test(v)) return `${name}="${v}"`;
  return `${name}={${literalSource(v)}}`;
}

const messages = {
  required: { ko: '값을 넣어야 합니다', en: 'is required' },
  number: { ko: '숫자여야 합니다', en: 'must be a number' },
  integer: { ko: '정수여야 합니다', en: 'must be a whole number' },
  min: { ko: '{n} 이상이어야 합니다', en: 'must be at least {n}' },
  max: { ko: '{n} 이하여야 합니다', en: 'must be at most {n}' },
  minItems: { ko: '항목이 {n}개 이상이어야 합니다', en: 'needs at least {n} item(s)' },
  maxItems: { ko: '항목이 {n}개 이하여야 합니다', en: 'takes at most {n} item(s)' },
  option: { ko: '목록의 값 중 하나여야 합니다', en: 'must be one of the options' },
  json: { ko: 'JSON 값이 아닙니다', en: 'is not a JSON value' },
  array: { ko: '[…] 배열이어야 합니다', en: 'must be an array […]' },
  boolean: { ko: 'true 또는 false여야 합니다', en: 'must be true or false' },
};
const msg = (lang: Lang, key: keyof typeof messages, n?: number) => messages[key][lang].replace('{n}', String(n));

/** One prop's typed value from the form's text, or an error a person can act on. Undefined: leave the prop out. */
export function parsePropValue(prop: EmbedPropInfo, raw: string, lang: Lang): { value?: Literal; error?: string } {
  const text = raw.trim();
  if (text === '') return prop.required ? { error: msg(lang, 'required') } : {};
  switch (prop.type) {
    case 'string':
      return { value: raw };
    case 'number':
    case 'integer': {
      const n = Number(text);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || !Number.isFinite(n)) return { error: msg(lang, 'number') };
      if (prop.type === 'integer' && !Number.isInteger(n)) return { error: msg(lang, 'integer') };
      if (prop.min !== undefined && n < prop.min) return { error: msg(lang, 'min', prop.min) };
      if (prop.max !== undefined && n > prop.max) return { error: msg(lang, 'max', prop.max) };
      return { value: n };
    }
    case 'boolean':
      if (text === 'true') return { value: true };
      if (text === 'false') return { value: false };
      return { error: msg(lang, 'boolean') };
    case 'enum': {
      const option = prop.options?.find((o) => String(o) === text);
      return option === undefined ? { error: msg(lang, 'option') } : { value: option };
    }
    case 'array':
    case 'json': {
      let v: Literal;
      try {
        v = JSON.parse(text) as Literal;
      } catch {
        return { error: msg(lang, 'json') };
      }
      if (prop.type === 'array') {
        if (!Array.isArray(v)) return { error: msg(lang, 'array') };
        if (prop.min !== undefined && v.length < prop.min) return { error: msg(lang, 'minItems', prop.min) };
        if (prop.max !== undefined && v.length > prop.max) return { error: msg(lang, 'maxItems', prop.max) };
      }
      return { value: v };
    }
  }
}

/** The form's start: each prop's default written as the form shows it, else blank. */
export function initialFormValues(embed: EmbedInfo): FormValues {
  const out: FormValues = {};
  for (const p of embed.props) {
    if (p.default === undefined) out[p.name] = '';
    else if (p.type === 'array' || p.type === 'json') out[p.name] = JSON.stringify(p.default);
    else out[p.name] = String(p.default);
  }
  return out;
}

/**
 * The MDX for an embed and the form's values, or the errors by prop. A value equal to the prop's default is left out
 * (the tag stays short and follows the default if it changes).
 */
export function embedSource(embed: EmbedInfo, form: FormValues, lang: Lang): { mdx: string; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const attrs: string[] = [];
  for (const prop of embed.props) {
    const { value, error } = parsePropValue(prop, form[prop.name] ?? '', lang);
    if (error) errors[prop.name] = error;
    else if (value !== undefined && !(prop.default !== undefined && !prop.required && JSON.stringify(prop.default) === JSON.stringify(value))) {
      attrs.push(attributeSource(prop.name, value));
    }
  }
  if (!/^[A-Z][A-Za-z0-9_]*$/.test(embed.name)) errors['(name)'] = `<${embed.name}>`;
  return { mdx: `<${embed.name}${attrs.map((a) => ' ' + a).join('')} />`, errors };
}

// The "insert embed" catalogue the source editor's toolbar offers: every installed embed with a form-ready description
// of its props, read from the same zod schemas the MDX compiler checks a post's props against (lib/embed-schemas.ts),
// so the form can only offer what would compile. Server-side: the schemas are loaded once and described once. Props
// whose values come from the site's data (<ModelDemo model>: the model library's ready models) get their choices
// each time the editor opens, from the `embedChoices` export of the apps' embed data modules (AppManifest.embedData).
import { z } from 'zod';
import { embedDataResolvers } from '@site/.manifold/registry.embed-data';
import type { EmbedSchemas } from '../../../lib/app';
import { embedApps, loadEmbedSchemas } from '../../../lib/embed-schemas';
import { logger } from '../../../lib/log.mjs';
import type { EmbedChoice, EmbedInfo, EmbedPropInfo } from './types';

/** What an embed's choices say of one prop: its choices, choices by another prop's value, what leaving it out means. */
export interface PropChoices {
  choices?: EmbedChoice[];
  choicesBy?: { prop: string; choices: Record<string, EmbedChoice[]> };
  emptyLabel?: string;
}

/**
 * An app's live choices (the named export `embedChoices` of its embed data module): per embed name, an async
 * function giving, per prop, the values the site has now. Server-only: it may read the database.
 */
export type EmbedChoicesProvider = Record<string, (ctx: { lang: 'ko' | 'en' }) => Promise<Record<string, PropChoices>>>;

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  description?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

const isOption = (v: unknown): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** One prop's form shape from its JSON Schema (zod's input side: a prop with a default is optional to write). */
export function describeProp(name: string, schema: JsonSchema, required: boolean): EmbedPropInfo {
  const info: EmbedPropInfo = { name, type: 'json', required };
  // A union of constants (z.literal(…) | z.literal(…)) is an enum too.
  const alternatives = schema.anyOf ?? schema.oneOf;
  const constants = alternatives?.every((a) => 'const' in a && isOption(a.const)) ? alternatives.map((a) => a.const as string | number) : undefined;
  const options = schema.enum ?? constants;
  const type = Array.isArray(schema.type) ? (schema.type.filter((t) => t !== 'null').length === 1 ? schema.type.find((t) => t !== 'null') : undefined) : schema.type;
  if (options && options.length && options.every(isOption)) {
    info.type = 'enum';
    info.options = options as (string | number)[];
  } else if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean' || type === 'array') {
    info.type = type;
  }
  if (schema.default !== undefined) info.default = schema.default;
  const min = schema.minimum ?? schema.exclusiveMinimum ?? (info.type === 'array' ? schema.minItems : undefined);
  const max = schema.maximum ?? schema.exclusiveMaximum ?? (info.type === 'array' ? schema.maxItems : undefined);
  if (typeof min === 'number' && Number.isFinite(min)) info.min = min;
  if (typeof max === 'number' && Number.isFinite(max)) info.max = max;
  const description = schema.description ?? schema.title;
  if (description) info.description = description;
  return info;
}

/** The catalogue from a set of schemas (exported for tests and for sites that build their own list). */
export function describeEmbeds(schemas: EmbedSchemas, apps: Readonly<Record<string, string>> = {}): EmbedInfo[] {
  const out: EmbedInfo[] = [];
  for (const name of Object.keys(schemas).sort()) {
    let json: JsonSchema;
    try {
      json = z.toJSONSchema(schemas[name], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    } catch {
      // A schema JSON Schema cannot express (a transform, a custom check): the embed is still offered, with no form.
      json = {};
    }
    const required = new Set(json.required ?? []);
    const props = Object.entries(json.properties ?? {}).map(([prop, s]) => describeProp(prop, s, required.has(prop)));
    const info: EmbedInfo = { name, app: Object.hasOwn(apps, name) ? apps[name] : '', props };
    const description = json.description ?? json.title;
    if (description) info.description = description;
    out.push(info);
  }
  return out;
}

let cached: Promise<EmbedInfo[]> | undefined;

/** The catalogue with each prop's live choices laid over it (a copy: the cached catalogue is never changed). */
export function withChoices(catalog: EmbedInfo[], choices: Record<string, Record<string, PropChoices>>): EmbedInfo[] {
  return catalog.map((embed) => {
    const byProp = choices[embed.name];
    if (!byProp) return embed;
    return { ...embed, props: embed.props.map((p) => (byProp[p.name] ? { ...p, ...byProp[p.name] } : p)) };
  });
}

/** Every installed app's live choices, by embed name; an app whose lookup fails offers none (its props stay typed). */
export async function loadEmbedChoices(lang: 'ko' | 'en' = 'ko', entries: readonly { label: string; load: () => Promise<object> }[] = embedDataResolvers): Promise<Record<string, Record<string, PropChoices>>> {
  const out: Record<string, Record<string, PropChoices>> = {};
  await Promise.all(
    entries.map(async (entry) => {
      try {
        const provider = ((await entry.load()) as { embedChoices?: EmbedChoicesProvider }).embedChoices;
        if (!provider) return;
        for (const [name, get] of Object.entries(provider)) out[name] = await get({ lang });
      } catch (err) {
        logger.warn('embed choices failed', { app: entry.label, error: err instanceof Error ? err.message : String(err) });
      }
    }),
  );
  return out;
}

/** The installed embeds, for EditorData.embeds: the described schemas (once) with the site's current choices. */
export async function embedCatalog(opts: { lang?: 'ko' | 'en' } = {}): Promise<EmbedInfo[]> {
  cached ??= loadEmbedSchemas().then((schemas) => describeEmbeds(schemas, embedApps));
  // A failed load is not remembered: the next editor page tries again.
  cached.catch(() => {
    cached = undefined;
  });
  const [catalog, choices] = await Promise.all([cached, loadEmbedChoices(opts.lang)]);
  return withChoices(catalog, choices);
}

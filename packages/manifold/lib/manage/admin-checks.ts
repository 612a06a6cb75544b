// `manage check`'s admin checks (Django's admin.E1xx): every ModelAdmin entry an app declares names a model of the
// assembled schema and only that model's fields. The ModelAdmin type already refuses both at compile time; this
// catches what the types cannot see: a JavaScript admin module, a cast, or models.prisma edited after the client
// was generated. Ids follow Django where it has the same check (E108 list_display, E116 list_filter, E033 ordering,
// E035 readonly_fields, E027/E030 prepopulated_fields); the 9xx ids are Manifold's own.
import { parseSchemaModels } from './models';

export interface AdminIssue {
  level: 'ERROR';
  id: string;
  where: string;
  message: string;
  hint?: string;
}

/** Edit distance counting a swap of neighbours as one edit (titel → title), for "did you mean". */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? `Did you mean '${best}'?` : undefined;
}

const FIELD_LISTS = [
  ['listDisplay', 'admin.E108'],
  ['listFilter', 'admin.E116'],
  ['emptyFilters', 'admin.E116'],
  ['searchFields', 'admin.E901'],
  ['ordering', 'admin.E033'],
  ['readonlyFields', 'admin.E035'],
] as const;

/**
 * The problems in one app's ModelAdmin entries, against the project's assembled schema (any provider's: both
 * carry the same models). `entries` is whatever the app's admin module exported, so nothing about it is assumed.
 */
export function checkModelAdmins(label: string, entries: unknown, schema: string, where = `apps/${label}/admin.ts`): AdminIssue[] {
  const issues: AdminIssue[] = [];
  const add = (id: string, message: string, hint?: string) => issues.push({ level: 'ERROR', id, where, message, ...(hint ? { hint } : {}) });
  if (!Array.isArray(entries)) {
    add('admin.E904', 'The admin module must export a list of ModelAdmin entries ({ model, listDisplay, … }).');
    return issues;
  }
  const models = parseSchemaModels(schema);
  const seen = new Set<string>();
  entries.forEach((entry: unknown, i) => {
    const at = `ModelAdmin[${i}]`;
    const model = (entry as { model?: unknown } | null)?.model;
    if (!entry || typeof entry !== 'object' || typeof model !== 'string') {
      add('admin.E904', `${at} must be an object whose 'model' names a model, e.g. { model: 'Post' }.`);
      return;
    }
    const info = models.get(model);
    if (!info) {
      add('admin.E900', `${at} refers to the model '${model}', which is not a model of any installed app.`, suggest(model, models.keys()) ?? `The models are: ${[...models.keys()].join(', ')}.`);
      return;
    }
    if (seen.has(model)) add('admin.E903', `${at}: the model '${model}' already has a ModelAdmin entry; a model is registered once.`);
    seen.add(model);
    const name = `${info.app ?? label}.${model}`;
    const fields = new Set(info.fields.keys());
    const unknown = (id: string, option: string, field: unknown) => {
      const text = String(field);
      add(id, `The value of '${option}' refers to '${text}', which is not a field of '${name}'.`, suggest(text, fields));
    };
    const e = entry as Record<string, unknown>;
    for (const [option, id] of FIELD_LISTS) {
      const list = e[option];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        add('admin.E905', `The value of '${option}' must be a list of field names of '${name}'.`);
        continue;
      }
      list.forEach((field, n) => {
        // ordering takes "-field" for descending, as Django's does.
        const bare = option === 'ordering' && typeof field === 'string' ? field.replace(/^-/, '') : field;
        // A computed column (`name()`) is the app's admin hooks' to define; the admin app's own check looks for it.
        if (option === 'listDisplay' && typeof bare === 'string' && /^[A-Za-z_]\w*\(\)$/.test(bare)) return;
        if (typeof bare !== 'string' || !fields.has(bare)) unknown(id, `${option}[${n}]`, field);
      });
    }
    if (e.fieldsets !== undefined) {
      const sets = Array.isArray(e.fieldsets) ? e.fieldsets : [];
      if (!Array.isArray(e.fieldsets)) add('admin.E905', `The value of 'fieldsets' must be a list of { title, fields }.`);
      sets.forEach((set: unknown, n) => {
        const list = (set as { fields?: unknown } | null)?.fields;
        if (!Array.isArray(list)) add('admin.E905', `The value of 'fieldsets[${n}].fields' must be a list of field names of '${name}'.`);
        else list.forEach((field, m) => typeof field === 'string' && fields.has(field) ? undefined : unknown('admin.E902', `fieldsets[${n}].fields[${m}]`, field));
      });
    }
    if (e.prepopulatedFields !== undefined) {
      const map = e.prepopulatedFields;
      if (!map || typeof map !== 'object' || Array.isArray(map)) add('admin.E905', `The value of 'prepopulatedFields' must map a field to the fields it is made from.`);
      else {
        for (const [target, sources] of Object.entries(map)) {
          if (!fields.has(target)) unknown('admin.E027', 'prepopulatedFields', target);
          if (!Array.isArray(sources)) add('admin.E905', `The value of 'prepopulatedFields["${target}"]' must be a list of field names.`);
          else sources.forEach((s, n) => typeof s === 'string' && fields.has(s) ? undefined : unknown('admin.E030', `prepopulatedFields["${target}"][${n}]`, s));
        }
      }
    }
  });
  return issues;
}

// The change list (Django's ChangeList): listDisplay columns, sorting by any shown column, listFilter, search over
// searchFields, the date hierarchy and pagination with a total, all read from and written to the URL's parameters.
// A parameter that does not make sense is dropped with a message; nothing here answers a 500 for a bad URL.
import { adminProvider } from './db';
import { ownerWhere, requireAccess, mayOnRow } from './access';
import { choiceLabel, delegate, fieldLabel, fieldsOf, reprOf, reprSelect } from './site';
import { remember } from './cache';
import { adminHooksFor } from './hooks';
import type { AdminModelHooks } from '../../../lib/app';
import { daysIn, formatLocal, fromLocal, localParts } from './tz';
import type { AdminLang, AdminModel, AdminUser, ChangeList, ChangeListCell, ChangeListColumn, ChangeListFilter, FieldInfo, QueryString } from './types';

const MAX_PAGE = 1_000_000;
/** Related rows offered as filter choices (a foreign key to a bigger table offers the first ones by name). */
const FILTER_CHOICES_LIMIT = 100;
const MAX_SEARCH_WORDS = 8;

const ko = {
  all: '전체',
  yes: '예',
  no: '아니요',
  empty: '(없음)',
  anyDate: '전체 기간',
  today: '오늘',
  past7: '지난 7일',
  thisMonth: '이번 달',
  thisYear: '올해',
  noDate: '날짜 없음',
  hasDate: '날짜 있음',
  hasValue: '있음',
  noValue: '없음',
  allDates: '전체',
  deleteSelected: (plural: string) => `선택한 ${plural} 삭제`,
  ignored: (name: string, why: string) => `'${name}' 매개변수를 무시했습니다: ${why}`,
  unknownParam: '알 수 없는 매개변수',
  badValue: '올바른 값이 아닙니다',
  badSort: '정렬할 수 없는 열입니다',
  badPage: '없는 페이지입니다',
  month: (m: number) => `${m}월`,
  day: (d: number) => `${d}일`,
  year: (y: number) => `${y}년`,
};
const en: typeof ko = {
  all: 'All',
  yes: 'Yes',
  no: 'No',
  empty: '(None)',
  anyDate: 'Any date',
  today: 'Today',
  past7: 'Past 7 days',
  thisMonth: 'This month',
  thisYear: 'This year',
  noDate: 'No date',
  hasDate: 'Has date',
  hasValue: 'Has a value',
  noValue: 'Empty',
  allDates: 'All dates',
  deleteSelected: (plural: string) => `Delete selected ${plural}`,
  ignored: (name: string, why: string) => `Ignored the parameter '${name}': ${why}`,
  unknownParam: 'unknown parameter',
  badValue: 'not a valid value',
  badSort: 'that column cannot be sorted',
  badPage: 'no such page',
  month: (m: number) => ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1],
  day: (d: number) => String(d),
  year: (y: number) => String(y),
};
export const changeListText = (lang: AdminLang = 'ko') => (lang === 'en' ? en : ko);

/** The list's validated state: exactly what is written back into links. */
interface State {
  filters: Map<string, string>;
  q: string;
  year?: number;
  month?: number;
  day?: number;
  o: string[];
  p: number;
}

function toQuery(ma: AdminModel, s: State): QueryString {
  const out = new URLSearchParams();
  for (const f of [...(ma.admin.listFilter ?? []), ...(ma.admin.emptyFilters ?? []).map(emptyParam)]) {
    const v = s.filters.get(f);
    if (v !== undefined) out.set(f, v);
  }
  if (s.q) out.set('q', s.q);
  if (s.year) out.set('year', String(s.year));
  if (s.month) out.set('month', String(s.month));
  if (s.day) out.set('day', String(s.day));
  if (s.o.length) out.set('o', s.o.join(','));
  if (s.p > 1) out.set('p', String(s.p));
  const text = out.toString();
  return text ? `?${text}` : '';
}

/** Whether a value can be sorted on and what Prisma orderBy it becomes. */
function sortKey(ma: AdminModel, column: string): ((dir: 'asc' | 'desc') => Record<string, unknown>) | null {
  const [head, sub] = column.split('.', 2);
  const f = ma.fields.find((x) => x.name === head);
  if (!f) return null;
  // Empty values sort where the database puts them (as Django leaves it): asking for NULLS FIRST/LAST would keep
  // PostgreSQL and SQLite from walking an index in order.
  if (f.kind !== 'object') return sub ? null : (dir) => ({ [f.name]: dir });
  if (f.relation?.kind !== 'fk') return null;
  const targetFields = fieldsOf(f.relation.target);
  const by = sub ? targetFields.find((x) => x.name === sub && x.kind !== 'object') : targetFields.find((x) => ['name', 'title', 'email', 'slug'].includes(x.name) && x.type === 'String') ?? targetFields.find((x) => x.isId);
  if (!by) return null;
  return (dir) => ({ [f.name]: { [by.name]: dir } });
}

function columnLabel(ma: AdminModel, column: string, lang: AdminLang): string {
  const [head, sub] = column.split('.', 2);
  const base = fieldLabel(ma, head, lang);
  return sub ? `${base} ${sub}` : base;
}

const trim = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function cellOf(f: FieldInfo | undefined, value: unknown, lang: AdminLang): ChangeListCell {
  const t = changeListText(lang);
  if (value === null || value === undefined || value === '') return { kind: 'empty', text: '—' };
  if (typeof value === 'boolean') return { kind: 'boolean', text: value ? t.yes : t.no, value };
  if (value instanceof Date) return { kind: 'datetime', text: formatLocal(value), value: value.toISOString() };
  if (Array.isArray(value)) return value.length ? { kind: 'text', text: trim(value.map(String).join(', ')) } : { kind: 'empty', text: '—' };
  if (f?.type === 'Json' || typeof value === 'object') return { kind: 'text', text: trim(JSON.stringify(value)) };
  return { kind: 'text', text: trim(String(value)) };
}

/** Start of the site-local day `offsetDays` from the day of `now`. */
function localDayStart(now: Date, offsetDays = 0): Date {
  const p = localParts(now);
  return fromLocal(p.year, p.month, p.day + offsetDays);
}

const DATE_FILTERS = ['today', '7d', 'month', 'year', 'null', 'notnull'] as const;

function dateFilterWhere(f: FieldInfo, value: string, now = new Date()): Record<string, unknown> | null {
  const p = localParts(now);
  switch (value) {
    case 'today':
      return { [f.name]: { gte: localDayStart(now), lt: localDayStart(now, 1) } };
    case '7d':
      return { [f.name]: { gte: localDayStart(now, -7), lt: localDayStart(now, 1) } };
    case 'month':
      return { [f.name]: { gte: fromLocal(p.year, p.month), lt: fromLocal(p.year, p.month + 1) } };
    case 'year':
      return { [f.name]: { gte: fromLocal(p.year, 1), lt: fromLocal(p.year + 1, 1) } };
    case 'null':
      return f.isRequired ? null : { [f.name]: null };
    case 'notnull':
      return f.isRequired ? null : { [f.name]: { not: null } };
    default:
      return null;
  }
}

/** A submitted key (as text) turned into the related model's id type, or null. */
function keyOf(type: string, raw: string): string | number | null {
  if (['Int', 'BigInt'].includes(type)) return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  return raw.length <= 200 ? raw : null;
}

/** The where clause of one filter value, or null when the value is not one of the filter's. */
function filterWhere(ma: AdminModel, f: FieldInfo, value: string): Record<string, unknown> | null {
  if (f.relation?.kind === 'fk') {
    if (value === '__null') return f.isRequired ? null : { [f.relation.fields[0]]: null };
    const target = fieldsOf(f.relation.target).find((x) => x.isId);
    const key = target ? keyOf(target.type, value) : null;
    return key === null ? null : { [f.relation.fields[0]]: key };
  }
  if (f.relation?.kind === 'm2m' || f.relation?.kind === 'reverse') {
    const target = fieldsOf(f.relation.target).find((x) => x.isId);
    if (value === '__none') return { [f.name]: f.isList ? { none: {} } : { is: null } };
    const key = target ? keyOf(target.type, value) : null;
    if (key === null || !target) return null;
    return f.isList ? { [f.name]: { some: { [target.name]: key } } } : { [f.name]: { is: { [target.name]: key } } };
  }
  if (f.type === 'Boolean') return value === '1' ? { [f.name]: true } : value === '0' ? { [f.name]: false } : null;
  if (f.type === 'DateTime') return dateFilterWhere(f, value);
  if (f.choices?.length) {
    if (value === '__null' && !f.isRequired) return { [f.name]: null };
    return f.choices.includes(value) ? { [f.name]: value } : null;
  }
  if (f.type === 'String') return value.length <= 500 ? { [f.name]: value === '__null' && !f.isRequired ? null : value } : null;
  if (['Int', 'Float'].includes(f.type)) {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? { [f.name]: f.type === 'Int' ? Math.trunc(n) : n } : null;
  }
  void ma;
  return null;
}

/** The parameter of an emptyFilters field (Django's EmptyFieldListFilter): `<field>__isempty=1|0`. */
const emptyParam = (name: string) => `${name}__isempty`;

/** '1': the field holds nothing (null, or '' for text); '0': it holds something. */
function emptyFilterWhere(f: FieldInfo, value: string): Record<string, unknown> | null {
  const blank = f.type === 'String' ? [{ [f.name]: '' }] : [];
  const nothing = [...(f.isRequired ? [] : [{ [f.name]: null }]), ...blank];
  if (!nothing.length) return null;
  if (value === '1') return { OR: nothing };
  if (value === '0') return { AND: [...(f.isRequired ? [] : [{ [f.name]: { not: null } }]), ...blank.map((b) => ({ NOT: b }))] };
  return null;
}

function emptyFilterChoices(ma: AdminModel, f: FieldInfo, state: State, lang: AdminLang): ChangeListFilter {
  const t = changeListText(lang);
  const key = emptyParam(f.name);
  const current = state.filters.get(key);
  const link = (v: string | undefined) => {
    const filters = new Map(state.filters);
    if (v === undefined) filters.delete(key);
    else filters.set(key, v);
    return toQuery(ma, { ...state, filters, p: 1 });
  };
  return {
    field: key,
    label: fieldLabel(ma, f.name, lang),
    choices: [
      { label: t.all, query: link(undefined), selected: current === undefined },
      { label: t.hasValue, query: link('0'), selected: current === '0' },
      { label: t.noValue, query: link('1'), selected: current === '1' },
    ],
  };
}

/** The choices a filter offers (with the links that select them). */
async function filterChoices(ma: AdminModel, f: FieldInfo, state: State, baseWhere: Record<string, unknown>, lang: AdminLang): Promise<ChangeListFilter> {
  const t = changeListText(lang);
  const link = (v: string | undefined) => {
    const filters = new Map(state.filters);
    if (v === undefined) filters.delete(f.name);
    else filters.set(f.name, v);
    return toQuery(ma, { ...state, filters, p: 1 });
  };
  const current = state.filters.get(f.name);
  const choices: ChangeListFilter['choices'] = [{ label: t.all, query: link(undefined), selected: current === undefined }];
  const add = (value: string, label: string) => choices.push({ label, query: link(value), selected: current === value });
  if (f.relation) {
    const target = f.relation.target;
    const tf = fieldsOf(target);
    const pk = tf.find((x) => x.isId)!;
    const nameField = tf.find((x) => ['name', 'title', 'email', 'slug'].includes(x.name) && x.type === 'String');
    const rows = await remember([target], `choices:${target}`, async () =>
      (await delegate(target).findMany({ select: reprSelect(tf), orderBy: nameField ? [{ [nameField.name]: 'asc' }, { [pk.name]: 'asc' }] : { [pk.name]: 'asc' }, take: FILTER_CHOICES_LIMIT })).map((r) => [String(r[pk.name]), reprOf(target, tf, r)] as const),
    );
    for (const [value, label] of rows) add(value, label);
    if (f.relation.kind === 'fk' && !f.isRequired) add('__null', t.empty);
  } else if (f.type === 'Boolean') {
    add('1', t.yes);
    add('0', t.no);
  } else if (f.type === 'DateTime') {
    add('today', t.today);
    add('7d', t.past7);
    add('month', t.thisMonth);
    add('year', t.thisYear);
    if (!f.isRequired) {
      add('null', t.noDate);
      add('notnull', t.hasDate);
    }
  } else if (f.choices?.length) {
    for (const c of f.choices) add(c, choiceLabel(ma, f.name, c, lang));
    if (!f.isRequired) add('__null', t.empty);
  } else {
    // A plain field: its distinct values (Django's AllValuesFieldListFilter), at most FILTER_CHOICES_LIMIT.
    const groups = await remember([ma.model], `values:${f.name}:${JSON.stringify(baseWhere)}`, () => delegate(ma.model).groupBy({ by: [f.name], where: baseWhere, orderBy: { [f.name]: 'asc' }, take: FILTER_CHOICES_LIMIT }));
    for (const g of groups) {
      const v = g[f.name];
      if (v === null) add('__null', t.empty);
      else add(String(v), String(v));
    }
  }
  return { field: f.name, label: fieldLabel(ma, f.name, lang), choices };
}

/** The search clause: every word must match one of the search fields (Django's search), case-insensitively. */
function searchWhere(ma: AdminModel, q: string): Record<string, unknown> | null {
  const words = q.split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  if (!words.length) return null;
  const insensitive = adminProvider() === 'postgresql' ? { mode: 'insensitive' } : {};
  const targets: ((w: string) => Record<string, unknown>)[] = [];
  for (const name of ma.admin.searchFields ?? []) {
    const [head, sub] = String(name).split('.', 2);
    const f = ma.fields.find((x) => x.name === head);
    if (!f) continue;
    if (f.kind !== 'object' && f.type === 'String') targets.push((w) => ({ [f.name]: { contains: w, ...insensitive } }));
    else if (f.relation && f.relation.kind !== 'reverse') {
      const tf = fieldsOf(f.relation.target);
      const by = sub ? tf.find((x) => x.name === sub && x.type === 'String') : tf.find((x) => ['name', 'title', 'email'].includes(x.name) && x.type === 'String');
      if (!by) continue;
      const inner = (w: string) => ({ [by.name]: { contains: w, ...insensitive } });
      targets.push(f.relation.kind === 'm2m' ? (w) => ({ [f.name]: { some: inner(w) } }) : (w) => ({ [f.name]: { is: inner(w) } }));
    }
  }
  if (!targets.length) return null;
  // SQLite's LIKE folds ASCII case only; Hangul has no case, and Latin text is what needs folding.
  return { AND: words.map((w) => ({ OR: targets.map((make) => make(w)) })) };
}

function dateRange(year: number, month?: number, day?: number): { gte: Date; lt: Date } {
  if (day && month) return { gte: fromLocal(year, month, day), lt: fromLocal(year, month, day + 1) };
  if (month) return { gte: fromLocal(year, month), lt: fromLocal(year, month + 1) };
  return { gte: fromLocal(year, 1), lt: fromLocal(year + 1, 1) };
}

export async function changeList(user: AdminUser, ma: AdminModel, params: URLSearchParams, opts: { lang?: AdminLang } = {}): Promise<ChangeList> {
  const access = requireAccess(user, ma, 'view');
  const lang = opts.lang ?? 'ko';
  const t = changeListText(lang);
  const messages: string[] = [];
  const ignore = (name: string, why: string) => messages.push(t.ignored(name.slice(0, 40), why));
  const admin = ma.admin;
  const listDisplay: string[] = (admin.listDisplay?.length ? admin.listDisplay : [reprField(ma) ?? ma.pk.name]) as string[];
  const filterFields = (admin.listFilter ?? []).map((n) => ma.fields.find((f) => f.name === n)).filter((f): f is FieldInfo => !!f);
  const dh = admin.dateHierarchy ? ma.fields.find((f) => f.name === admin.dateHierarchy && f.type === 'DateTime') : undefined;

  // ---- read the parameters
  const state: State = { filters: new Map(), q: '', o: [], p: 1 };
  const where: Record<string, unknown>[] = [];
  const own = ownerWhere(user, ma, access);
  if (Object.keys(own).length) where.push(own);
  const emptyFields = (admin.emptyFilters ?? []).map((n) => ma.fields.find((f) => f.name === n)).filter((f): f is FieldInfo => !!f);
  const known = new Set(['q', 'o', 'p', 'year', 'month', 'day', ...filterFields.map((f) => f.name), ...emptyFields.map((f) => emptyParam(f.name))]);
  for (const key of new Set(params.keys())) if (!known.has(key) && !key.startsWith('_')) ignore(key, t.unknownParam);
  for (const f of filterFields) {
    const raw = params.get(f.name);
    if (raw === null) continue;
    const clause = filterWhere(ma, f, raw);
    if (!clause) {
      ignore(f.name, t.badValue);
      continue;
    }
    state.filters.set(f.name, raw);
    where.push(clause);
  }
  for (const f of emptyFields) {
    const raw = params.get(emptyParam(f.name));
    if (raw === null) continue;
    const clause = emptyFilterWhere(f, raw);
    if (!clause) {
      ignore(emptyParam(f.name), t.badValue);
      continue;
    }
    state.filters.set(emptyParam(f.name), raw);
    where.push(clause);
  }
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  if (q && admin.searchFields?.length) {
    const clause = searchWhere(ma, q);
    if (clause) {
      state.q = q;
      where.push(clause);
    }
  } else if (q) ignore('q', t.unknownParam);
  let dhClause: Record<string, unknown> | null = null;
  if (dh) {
    const num = (name: string, min: number, max: number) => {
      const raw = params.get(name);
      if (raw === null) return undefined;
      const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
      if (n >= min && n <= max) return n;
      ignore(name, t.badValue);
      return undefined;
    };
    state.year = num('year', 1000, 9999);
    state.month = state.year ? num('month', 1, 12) : undefined;
    state.day = state.year && state.month ? num('day', 1, daysIn(state.year, state.month)) : undefined;
    if (state.year) {
      dhClause = { [dh.name]: dateRange(state.year, state.month, state.day) };
      where.push(dhClause);
    }
  }
  const sortable = new Map(listDisplay.map((c) => [c, sortKey(ma, c)] as const));
  for (const raw of (params.get('o') ?? '').split(',').filter(Boolean).slice(0, 5)) {
    const name = raw.replace(/^-/, '');
    if (sortable.get(name) && !state.o.some((x) => x.replace(/^-/, '') === name)) state.o.push(raw);
    else ignore('o', `${t.badSort} (${raw.slice(0, 40)})`);
  }
  const pRaw = params.get('p');
  if (pRaw !== null) {
    const n = /^\d{1,7}$/.test(pRaw) ? Number(pRaw) : 0;
    if (n >= 1 && n <= MAX_PAGE) state.p = n;
    else ignore('p', t.badPage);
  }

  // ---- query
  const whereClause = where.length ? { AND: where } : {};
  const perPage = Math.max(1, Math.min(500, admin.listPerPage ?? 50));
  const orderBy: Record<string, unknown>[] = [];
  const orderNames = state.o.length ? state.o : ((admin.ordering as string[] | undefined) ?? [`-${ma.pk.name}`]);
  for (const o of orderNames) {
    const name = o.replace(/^-/, '');
    const make = sortable.get(name) ?? sortKey(ma, name);
    if (make) orderBy.push(make(o.startsWith('-') ? 'desc' : 'asc'));
  }
  // A unique last key keeps pages stable when the sorted column has ties.
  if (!orderNames.some((o) => o.replace(/^-/, '') === ma.pk.name)) orderBy.push({ [ma.pk.name]: 'desc' });

  // Computed columns (`name()`): the app's admin hooks give each one's label, the fields it reads and its value.
  const computed = new Map<string, NonNullable<AdminModelHooks['columns']>[string]>();
  if (listDisplay.some((c) => c.endsWith('()'))) {
    const hooks = await adminHooksFor(ma.app, ma.model);
    for (const c of listDisplay) {
      const def = c.endsWith('()') ? hooks?.columns?.[c.slice(0, -2)] : undefined;
      if (def) computed.set(c, def);
    }
  }
  const select: Record<string, unknown> = { [ma.pk.name]: true, ...reprSelect(ma.fields) };
  if (ma.owner) select[ma.owner.column] = true;
  for (const def of computed.values()) for (const name of def.select ?? []) if (ma.fields.some((f) => f.name === name && f.kind !== 'object')) select[name] = true;
  for (const col of listDisplay) {
    const [head, sub] = col.split('.', 2);
    const f = ma.fields.find((x) => x.name === head);
    if (!f) continue;
    if (f.kind !== 'object') select[f.name] = true;
    else if (f.relation) {
      const tf = fieldsOf(f.relation.target);
      const inner = sub ? { [sub]: true } : reprSelect(tf);
      select[f.name] = f.isList ? { select: inner, take: 6 } : { select: inner };
    }
  }

  const model = delegate(ma.model);
  // The count, the page and the sidebar do not depend on each other: PostgreSQL runs them at once on its pool.
  const skip = (state.p - 1) * perPage;
  const [total, firstTry, filters, dateHierarchy] = await Promise.all([
    model.count({ where: whereClause }),
    model.findMany({ where: whereClause, select, orderBy, skip, take: perPage }),
    Promise.all(filterFields.map((f) => filterChoices(ma, f, state, whereClause, lang))).then((list) => [...list, ...emptyFields.map((f) => emptyFilterChoices(ma, f, state, lang))]),
    dh ? hierarchy(ma, dh, state, where.filter((w) => w !== dhClause), lang) : Promise.resolve(null),
  ]);
  const pages = Math.max(1, Math.ceil(total / perPage));
  let rows = firstTry;
  if (state.p > pages) {
    ignore('p', t.badPage);
    state.p = pages;
    rows = await model.findMany({ where: whereClause, select, orderBy, skip: (state.p - 1) * perPage, take: perPage });
  }

  // ---- columns and rows
  const current = new Map(state.o.map((o) => [o.replace(/^-/, ''), o.startsWith('-') ? 'desc' : 'asc'] as const));
  const columns: ChangeListColumn[] = listDisplay.map((name) => {
    const sorted = current.get(name) ?? null;
    const next = sorted === 'asc' ? `-${name}` : name;
    return {
      name,
      label: computed.has(name) ? (lang === 'en' ? (computed.get(name)!.labelEn ?? computed.get(name)!.label) : computed.get(name)!.label) : columnLabel(ma, name, lang),
      sortable: !!sortable.get(name),
      sorted,
      sortQuery: sortable.get(name) ? toQuery(ma, { ...state, o: [next, ...state.o.filter((o) => o.replace(/^-/, '') !== name)].slice(0, 3), p: 1 }) : null,
    };
  });
  const outRows = rows.map((r) => ({
    id: String(r[ma.pk.name]),
    repr: reprOf(ma.model, ma.fields, r),
    canChange: access.change && mayOnRow(user, ma, 'change', r),
    cells: listDisplay.map((col) => {
      const def = computed.get(col);
      if (col.endsWith('()')) return def ? cellOf(undefined, def.value(r), lang) : { kind: 'empty' as const, text: '—' };
      const [head, sub] = col.split('.', 2);
      const f = ma.fields.find((x) => x.name === head);
      const v = r[head];
      if (f?.relation) {
        const tf = fieldsOf(f.relation.target);
        const show = (x: Record<string, unknown>) => (sub ? x[sub] : reprOf(f.relation!.target, tf, x));
        if (Array.isArray(v)) return cellOf(undefined, v.map((x) => String(show(x) ?? '')), lang);
        return cellOf(undefined, v ? show(v as Record<string, unknown>) : null, lang);
      }
      if (f?.choices && typeof v === 'string') return cellOf(f, choiceLabel(ma, f.name, v, lang), lang);
      return cellOf(f, v, lang);
    }),
  }));

  const pageLink = (n: number) => ({ page: n, query: toQuery(ma, { ...state, p: n }), current: n === state.p });
  const pageLinks: ChangeList['pageLinks'] = [];
  if (pages <= 10) for (let n = 1; n <= pages; n++) pageLinks.push(pageLink(n));
  else {
    const wanted = new Set([1, 2, pages - 1, pages, state.p - 2, state.p - 1, state.p, state.p + 1, state.p + 2].filter((n) => n >= 1 && n <= pages));
    let last = 0;
    for (const n of [...wanted].sort((a, b) => a - b)) {
      if (n > last + 1) pageLinks.push(null);
      pageLinks.push(pageLink(n));
      last = n;
    }
  }

  const actions: ChangeList['actions'] = [];
  if (access.delete) actions.push({ name: 'delete_selected', label: ko.deleteSelected(ma.verboseNamePlural), labelEn: en.deleteSelected(ma.verboseNamePlural) });
  for (const a of admin.actions ?? []) {
    const perm = a.permission ?? ma.perms.change;
    if (user.isSuperuser || user.permissions.has(perm) || (access.change && !a.permission)) actions.push({ name: a.name, label: a.label, labelEn: a.labelEn ?? a.label });
  }

  return {
    model: ma,
    access,
    columns,
    rows: outRows,
    total,
    page: state.p,
    pages,
    perPage,
    pageLinks,
    search: admin.searchFields?.length ? { q: state.q, fields: admin.searchFields as string[] } : null,
    filters,
    dateHierarchy,
    actions,
    query: toQuery(ma, state),
    clearQuery: toQuery(ma, { filters: new Map(), q: '', o: state.o, p: 1 }),
    messages,
  };
}

/** A field that names a row, for a list without listDisplay. */
function reprField(ma: AdminModel): string | undefined {
  return ['name', 'title', 'email', 'slug'].find((n) => ma.fields.some((f) => f.name === n && f.type === 'String'));
}

/**
 * The date hierarchy's links: the years (or the months of the chosen year, or its days) that have rows under the
 * other filters. Each candidate period is probed with an indexed existence query rather than reading every date.
 */
async function hierarchy(ma: AdminModel, f: FieldInfo, state: State, where: Record<string, unknown>[], lang: AdminLang): Promise<ChangeList['dateHierarchy']> {
  const t = changeListText(lang);
  const others = where;
  const model = delegate(ma.model);
  const link = (year?: number, month?: number, day?: number) => toQuery(ma, { ...state, year, month, day, p: 1 });
  const crumbs: { label: string; query: QueryString }[] = [];
  if (state.year) {
    crumbs.push({ label: t.allDates, query: link() });
    crumbs.push({ label: t.year(state.year), query: link(state.year) });
    if (state.month) crumbs.push({ label: t.month(state.month), query: link(state.year, state.month) });
    if (state.day) crumbs.push({ label: t.day(state.day), query: link(state.year, state.month, state.day) });
  }
  const exists = async (range: { gte: Date; lt: Date }) => !!(await model.findFirst({ where: { AND: [...others, { [f.name]: range }] }, select: { [ma.pk.name]: true } }));
  // The periods that have rows: the years (newest first), the chosen year's months or the chosen month's days.
  const level = !state.year ? 'years' : !state.month ? `months:${state.year}` : !state.day ? `days:${state.year}-${state.month}` : null;
  const periods = level
    ? await remember([ma.model], `dates:${f.name}:${level}:${JSON.stringify(others)}`, async () => {
        let wanted: number[] = [];
        let range: (n: number) => { gte: Date; lt: Date };
        if (!state.year) {
          // The table's first and last dates (an index answers both at once), then each year between is probed
          // under the filters: cheaper than a min/max over the filtered rows, which reads every one of them.
          const bounds = await remember([ma.model], `bounds:${f.name}`, async () => {
            const agg = await (model as unknown as { aggregate(a: unknown): Promise<{ _min: Record<string, Date | null>; _max: Record<string, Date | null> }> }).aggregate({
              _min: { [f.name]: true },
              _max: { [f.name]: true },
            });
            return [agg._min[f.name], agg._max[f.name]] as const;
          });
          const [lo, hi] = bounds;
          if (!lo || !hi) return [];
          const [a, b] = [localParts(lo).year, localParts(hi).year];
          for (let y = b; y >= a && b - y < 50; y--) wanted.push(y);
          range = (y) => dateRange(y);
        } else if (!state.month) {
          wanted = Array.from({ length: 12 }, (_, i) => i + 1);
          range = (m) => dateRange(state.year!, m);
        } else {
          wanted = Array.from({ length: daysIn(state.year, state.month) }, (_, i) => i + 1);
          range = (d) => dateRange(state.year!, state.month, d);
        }
        // Each candidate is probed for one row: a dense period answers at its first row.
        const present = await Promise.all(wanted.map((n) => exists(range(n))));
        return wanted.filter((_, i) => present[i]);
      })
    : [];
  const candidates = periods.map((n) =>
    !state.year ? { label: t.year(n), query: link(n) } : !state.month ? { label: t.month(n), query: link(state.year, n) } : { label: t.day(n), query: link(state.year, state.month, n) },
  );
  return { field: f.name, crumbs, choices: candidates.map(({ label, query }) => ({ label, query })) };
}


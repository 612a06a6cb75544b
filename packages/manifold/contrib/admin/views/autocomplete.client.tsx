'use client';
// A search-as-you-type select for foreign keys and many-to-many fields on large tables (Django's autocomplete_fields):
// an ARIA 1.2 combobox over /admin/autocomplete; the chosen ids travel in hidden inputs named like the field.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { AdminDict } from './i18n';

interface Option {
  value: string;
  label: string;
}

export function Autocomplete({
  id,
  name,
  multiple,
  required,
  describedBy,
  initial,
  source,
  t,
}: {
  id: string;
  name: string;
  multiple: boolean;
  required: boolean;
  describedBy?: string;
  initial: Option[];
  source: { app: string; model: string; field: string } | null;
  t: AdminDict;
}) {
  const [chosen, setChosen] = useState<Option[]>(initial);
  const [q, setQ] = useState(multiple || !initial[0] ? '' : initial[0].label);
  const [results, setResults] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const hintId = useId();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const hidden = useRef<HTMLInputElement>(null);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const search = (text: string) => {
    if (!source) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const params = new URLSearchParams({ app: source.app, model: source.model, field: source.field, q: text });
      try {
        const res = await fetch(`/admin/autocomplete?${params}`, { headers: { accept: 'application/json' } });
        if (!res.ok) return;
        const body = (await res.json()) as { results: { id: string; text: string }[] };
        setResults(body.results.map((r) => ({ value: String(r.id), label: r.text })));
        setOpen(true);
        setActive(-1);
      } catch {
        /* offline: keep the list as it was */
      }
    }, 200);
  };

  const pick = (o: Option) => {
    if (multiple) {
      setChosen((c) => (c.some((x) => x.value === o.value) ? c : [...c, o]));
      setQ('');
    } else {
      setChosen([o]);
      setQ(o.label);
    }
    setOpen(false);
    // The form's "unsaved changes" guard listens for input events; hidden inputs do not fire them.
    hidden.current?.closest('form')?.dispatchEvent(new Event('input', { bubbles: true }));
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) search(q);
      setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open) {
      // Enter picks from an open list and never submits the form from here.
      e.preventDefault();
      if (active >= 0 && results[active]) pick(results[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div className="adm-autocomplete">
      {multiple && chosen.length > 0 && (
        <ul className="adm-chips">
          {chosen.map((c) => (
            <li key={c.value}>
              {c.label}
              <button type="button" aria-label={t.removeItem(c.label)} onClick={() => setChosen((all) => all.filter((x) => x.value !== c.value))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen.map((c, i) => (
        <input key={c.value} ref={i === 0 ? hidden : undefined} type="hidden" name={name} value={c.value} />
      ))}
      {chosen.length === 0 && <input ref={hidden} type="hidden" name={name} value="" />}
      <input
        id={id}
        type="text"
        role="combobox"
        className="adm-input"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')}
        aria-required={required || undefined}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          if (!multiple && e.target.value === '') setChosen([]);
          search(e.target.value);
        }}
        onFocus={() => search(q && !multiple ? '' : q)}
        onKeyDown={onKey}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <p className="adm-help" id={hintId}>
        {t.autocompleteHint}
      </p>
      <ul id={listId} role="listbox" hidden={!open}>
        {results.length === 0 && open && (
          <li role="option" aria-disabled="true" aria-selected="false">
            {t.autocompleteNone}
          </li>
        )}
        {results.map((r, i) => (
          <li
            key={r.value}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(r);
            }}
          >
            {r.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

'use client';
// The tag picker: chips for the post's tags and a combobox (WAI-ARIA 1.2) that suggests existing tags from
// GET /admin/api/blog/tags?q= as you type and, for someone who may add tags, creates a new one inline.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api } from './api';
import type { EditorDict } from './i18n';

interface TagOption {
  name: string;
  create?: boolean;
}

const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');

export function TagPicker({ t, value, onChange, canAdd }: { t: EditorDict; value: string[]; onChange: (tags: string[]) => void; canAdd: boolean }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [found, setFound] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const query = norm(text);
  useEffect(() => {
    if (!open) return;
    const ctl = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const r = await api<{ tags: { id: number; name: string; slug: string }[] }>('GET', `/admin/api/blog/tags?q=${encodeURIComponent(query)}`, undefined, { signal: ctl.signal });
        if (r.ok && r.data) setFound(r.data.tags.map((x) => x.name));
      } catch {
        // aborted by the next keystroke
      }
    }, 150);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [query, open]);

  const lower = new Set(value.map((v) => v.toLowerCase()));
  const options: TagOption[] = found.filter((n) => !lower.has(n.toLowerCase())).slice(0, 8).map((name) => ({ name }));
  const exact = found.some((n) => n.toLowerCase() === query.toLowerCase());
  if (query && canAdd && !exact && !lower.has(query.toLowerCase())) options.push({ name: query, create: true });

  async function add(option: TagOption) {
    const name = norm(option.name);
    if (!name || lower.has(name.toLowerCase())) {
      setText('');
      return;
    }
    setError(null);
    if (option.create) {
      setBusy(true);
      const r = await api<{ id: number; name: string }>('POST', '/admin/api/blog/tags', { name });
      setBusy(false);
      if (!r.ok && r.status !== 409) {
        setError(r.error ?? t.notSaved);
        return;
      }
      onChange([...value, r.data?.name ?? name]);
    } else {
      onChange([...value, name]);
    }
    setText('');
    setActive(-1);
    inputRef.current?.focus();
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.nativeEvent.isComposing) return; // Enter that ends a Hangul composition is not a choice
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (options.length ? (a + 1) % options.length : -1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (options.length ? (a <= 0 ? options.length - 1 : a - 1) : -1));
    } else if (e.key === 'Enter' || e.key === ',') {
      if (!query && e.key === 'Enter') return;
      e.preventDefault();
      const chosen = active >= 0 ? options[active] : (options.find((o) => o.name.toLowerCase() === query.toLowerCase()) ?? (canAdd ? { name: query, create: !exact } : undefined));
      if (chosen) void add(chosen);
      else setError(t.tagsNoAdd);
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === 'Backspace' && !text && value.length) {
      onChange(value.slice(0, -1));
    }
  }

  const listId = `${id}-list`;
  const expanded = open && (options.length > 0 || query.length > 0);
  return (
    <div className="ed-tags">
      <label htmlFor={`${id}-input`}>{t.tags}</label>
      {value.length > 0 && (
        <ul className="adm-chips ed-chips" aria-label={t.tags}>
          {value.map((tag) => (
            <li key={tag}>
              <span>{tag}</span>
              <button type="button" aria-label={t.removeTag(tag)} onClick={() => onChange(value.filter((v) => v !== tag))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="ed-combo">
        <input
          ref={inputRef}
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
          aria-describedby={`${id}-help`}
          autoComplete="off"
          placeholder={t.tagsPlaceholder}
          value={text}
          disabled={busy}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKey}
        />
        <ul id={listId} role="listbox" className="ed-combo-list" hidden={!expanded} aria-label={t.tags}>
          {options.map((o, i) => (
            <li
              key={`${o.create ? '+' : ''}${o.name}`}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                void add(o);
              }}
            >
              {o.create ? t.createTag(o.name) : o.name}
            </li>
          ))}
          {options.length === 0 && query && (
            <li role="option" aria-disabled="true" aria-selected={false} className="ed-combo-empty">
              {t.noTagMatch}
            </li>
          )}
        </ul>
      </div>
      <p className="adm-help" id={`${id}-help`}>
        {canAdd ? t.tagsHelp : t.tagsNoAdd}
      </p>
      {error && (
        <p className="adm-errorlist" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

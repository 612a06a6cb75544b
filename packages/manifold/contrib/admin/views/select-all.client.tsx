'use client';
// The change list's select-all checkbox and "n of m selected" counter: the one script a change list needs.
import { useEffect, useRef, useState } from 'react';

/** `template` is the counter's text with {n} and {of} in it (the strings stay on the server: no dictionary in the bundle). */
export function SelectAll({ total, template }: { total: number; template: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [count, setCount] = useState(0);
  useEffect(() => {
    const form = ref.current?.closest('form');
    if (!form) return;
    const all = form.querySelector<HTMLInputElement>('[data-adm-select-all]');
    const rows = () => [...form.querySelectorAll<HTMLInputElement>('[data-adm-row]')];
    const sync = () => {
      const n = rows().filter((r) => r.checked).length;
      setCount(n);
      if (all) {
        all.checked = n > 0 && n === rows().length;
        all.indeterminate = n > 0 && n < rows().length;
      }
    };
    const onChange = (e: Event) => {
      const target = e.target as HTMLInputElement;
      if (target === all) for (const r of rows()) r.checked = all.checked;
      if (target === all || target.hasAttribute('data-adm-row')) sync();
    };
    form.addEventListener('change', onChange);
    sync();
    return () => form.removeEventListener('change', onChange);
  }, []);
  return (
    <span ref={ref} className="adm-meta" aria-live="polite">
      {template.replace('{n}', String(count)).replace('{of}', String(total))}
    </span>
  );
}

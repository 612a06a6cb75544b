'use client';
// The change list's select-all checkbox and "n of m selected" counter: the one script a change list needs.
import { useEffect, useRef, useState } from 'react';
import { adminT, type AdminLang } from './i18n';

export function SelectAll({ total, lang }: { total: number; lang: AdminLang }) {
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
      {adminT(lang).selected(count, total)}
    </span>
  );
}

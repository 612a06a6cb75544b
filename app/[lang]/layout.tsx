import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { isLang } from '../../lib/i18n';

// Pages are rendered on first request and cached (ISR), so `next build` never needs the database.
export function generateStaticParams() {
  return [];
}

export default async function LangLayout({ children, params }: { children: ReactNode; params: Promise<{ lang: string }> }) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  return children;
}

// Reads the [lang] segment of a reader route; anything but ko/en is a 404.
import { notFound } from 'next/navigation';
import { isLang, type Lang } from './i18n';

export async function readerLang(params: Promise<{ lang: string }>): Promise<Lang> {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  return lang;
}

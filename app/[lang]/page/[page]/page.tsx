import { notFound } from 'next/navigation';
import { HomeView, parsePageNumber } from '../../../../apps/blog/views/lists';
import { readerLang } from '../../../../lib/route-params';

export const revalidate = 60;
export const generateStaticParams = () => [];

export default async function Page({ params }: { params: Promise<{ lang: string; page: string }> }) {
  const page = parsePageNumber((await params).page);
  if (!page) notFound();
  return <HomeView lang={await readerLang(params)} page={page} />;
}

import { TagView } from '../../../../apps/blog/views/lists';
import { readerLang } from '../../../../lib/route-params';

export const revalidate = 60;
export const generateStaticParams = () => [];

export default async function Page({ params }: { params: Promise<{ lang: string; path: string[] }> }) {
  return <TagView lang={await readerLang(params)} segments={(await params).path} />;
}

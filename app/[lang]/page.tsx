import { HomeView } from '../../apps/blog/views/lists';
import { readerLang } from '../../lib/route-params';

export const revalidate = 60;

export default async function Page({ params }: { params: Promise<{ lang: string }> }) {
  return <HomeView lang={await readerLang(params)} page={1} />;
}

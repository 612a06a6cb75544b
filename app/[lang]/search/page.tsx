export const dynamic = "force-dynamic";

import { SearchView } from '../../../apps/blog/views/search';
import { readerLang } from '../../../lib/route-params';

export default async function Page({ params, searchParams }: { params: Promise<{ lang: string }>; searchParams: Promise<{ q?: string | string[] }> }) {
  const q = (await searchParams).q;
  return <SearchView lang={await readerLang(params)} query={Array.isArray(q) ? (q[0] ?? '') : (q ?? '')} />;
}

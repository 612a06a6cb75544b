// Reader route (see apps/blog/urls.ts for the addresses): rendered per request, cached by Cache-Control, and
// shipped with no framework JavaScript (unstable_runtimeJS: false); the view and its data live in apps/blog.
import { searchPageProps } from 'manifold/blog/pages';
import { SearchView } from 'manifold/blog/views/search';
import { readerRoute } from 'manifold/blog/views/route';

export const config = { runtime: 'nodejs', unstable_runtimeJS: false };
export const getServerSideProps = searchPageProps;
export default readerRoute(SearchView);

// Reader route (see apps/blog/urls.ts for the addresses): rendered per request, cached by Cache-Control, and
// shipped with no framework JavaScript (unstable_runtimeJS: false); the view and its data live in apps/blog.
import { homePageProps } from 'manifold/blog/pages';
import { HomeView } from 'manifold/blog/views/lists';
import { readerRoute } from 'manifold/blog/views/route';

export const config = { runtime: 'nodejs', unstable_runtimeJS: false };
export const getServerSideProps = homePageProps;
export default readerRoute(HomeView);

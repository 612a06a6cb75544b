// Reader route (see apps/blog/urls.ts for the addresses): rendered per request, cached by Cache-Control, and
// shipped with no framework JavaScript (unstable_runtimeJS: false); the view and its data live in apps/blog.
import { categoryPageProps } from 'manifold/blog/pages';
import { CategoryView } from 'manifold/blog/views/lists';
import { readerRoute } from 'manifold/blog/views/route';

export const config = { runtime: 'nodejs', unstable_runtimeJS: false };
export const getServerSideProps = categoryPageProps;
export default readerRoute(CategoryView);

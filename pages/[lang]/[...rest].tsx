// Any address under a language that no reader route matches (/no/such/page, /en/posts): the site's 404 page with
// status 404, from the same document as every other reader page (see apps/blog/pages.ts for why not pages/404).
import { unknownPageProps } from 'manifold/blog/pages';
import { NotFoundPage } from 'manifold/blog/views/not-found';

export const config = { runtime: 'nodejs', unstable_runtimeJS: false };
export const getServerSideProps = unknownPageProps;
export default NotFoundPage;

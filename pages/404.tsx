// The 404 for addresses no route matches (reader routes render the same page for what they do not find).
import { NotFoundPage } from 'manifold/blog/views/not-found';

export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

export default NotFoundPage;

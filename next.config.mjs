// The site's Next.js options, wrapped with the framework's (headers, rewrites, what the installed apps need; see
// manifold/next). Add this site's own options to the object.
import { withManifold } from 'manifold/next';

export default withManifold({});

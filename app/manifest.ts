// The web manifest, served by Next as /manifest.webmanifest and linked from every reader page.
import { webManifest } from 'manifold/blog/icons';

export default webManifest;

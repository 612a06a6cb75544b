// A category's or a tag's feed: /category/<path>/feed.xml, /tag/<slug>/atom.xml, … arrive here through next.config.mjs's
// rewrite (manifold/next), as /feeds/<file>/category/<path> and /feeds/<file>/tag/<slug>.
import { scopedFeedGet } from 'manifold/blog/feed';

export const dynamic = 'force-dynamic';

export const GET = scopedFeedGet;

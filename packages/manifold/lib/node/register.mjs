// Lets plain Node (manage, the production server, its worker threads, scripts) load the framework: `@site/…` resolves
// into the project (hooks.mjs says why), `server-only` becomes a no-op and stylesheets imported by components become
// empty modules. Loaded as `node --import manifold/register` or by bin/manifold.mjs.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

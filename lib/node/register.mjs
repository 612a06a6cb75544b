// Lets plain Node (manage, scripts) load modules written for Next: `server-only` becomes a no-op and
// stylesheets imported by components become empty modules. Used as `tsx --import ./lib/node/register.mjs`.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

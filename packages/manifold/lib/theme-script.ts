// Dark mode without a client bundle, inlined into both the App Router and Pages Router documents. The script lives in
// theme-script.mjs so next.config.mjs and server.mjs (plain Node) can hash it for the Content-Security-Policy.
export { themeScript } from './theme-script.mjs';

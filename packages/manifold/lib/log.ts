// TypeScript callers import the logger as './log'; its one implementation is log.mjs, which plain Node loads too.
export { logger } from './log.mjs';

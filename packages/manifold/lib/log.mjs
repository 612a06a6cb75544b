import { serverSetting } from './server/settings.mjs';

// The one logger: JSON lines on stderr in production, readable lines in development. Plain ESM with JSDoc, so the
// Next routes and what server.mjs loads without a TypeScript loader (the Node endpoint adapter, the ML pool, the
// request listener) write through this same code.

/** @typedef {'debug' | 'info' | 'warn' | 'error'} Level */
/** @type {Record<Level, number>} */
const ORDER = { debug: 10, info: 20, warn: 30, error: 40 };

/** @param {Level} level @param {string} message @param {Record<string, unknown>} [fields] */
function write(level, message, fields) {
  // Read per call, not at load: a test or a process that sets the level after importing this still gets it.
  const threshold = ORDER[serverSetting('MANIFOLD_LOG_LEVEL')] ?? ORDER.info;
  if (ORDER[level] < threshold) return;
  const line =
    serverSetting('NODE_ENV') === 'production'
      ? JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })
      : `[${level}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
  process.stderr.write(`${line}\n`);
}

export const logger = {
  /** @param {string} m @param {Record<string, unknown>} [f] */
  debug: (m, f) => write('debug', m, f),
  /** @param {string} m @param {Record<string, unknown>} [f] */
  info: (m, f) => write('info', m, f),
  /** @param {string} m @param {Record<string, unknown>} [f] */
  warn: (m, f) => write('warn', m, f),
  /** @param {string} m @param {Record<string, unknown>} [f] */
  error: (m, f) => write('error', m, f),
};

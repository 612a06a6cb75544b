import { pino } from 'pino';
import { serverSetting } from './server/settings.mjs';

// The one logger, on pino: JSON lines on stderr in production ({"level":"info","time":"…","pid":…,"message":"…", fields},
// the request's id as `requestId` where the caller knows it: the request listener, the endpoint adapters), one readable
// line per entry in development. Plain ESM with JSDoc, so the Next routes and what server.mjs loads without a
// TypeScript loader (the Node endpoint adapter, the ML pool, the request listener) write through this same code.
// Synchronous writes to stderr: a line logged just before process.exit (a shutdown, a fatal error) is never lost, and
// no transport thread is started per process or worker thread.

/** @typedef {'debug' | 'info' | 'warn' | 'error'} Level */
/** @type {Record<Level, number>} */
const ORDER = { debug: 10, info: 20, warn: 30, error: 40 };

/** @param {boolean} production @returns {import('pino').DestinationStream} */
function destination(production) {
  // process.stderr, read at each write: synchronous for files, pipes and terminals on Linux, and the same stream a
  // test or a supervisor that wraps process.stderr sees.
  if (production) return { write: (line) => void process.stderr.write(line) };
  // Development: pino's JSON turned back into `[level] message {fields}` (pino-pretty would add a dependency and a thread).
  return {
    write(line) {
      const { level, message, ...fields } = JSON.parse(line);
      const rest = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
      process.stderr.write(`[${level}] ${message}${rest}\n`);
    },
  };
}

/** @type {Partial<Record<'json' | 'text', import('pino').Logger>>} */
const loggers = {};

/** @param {boolean} production */
function instance(production) {
  const kind = production ? 'json' : 'text';
  return (loggers[kind] ??= pino(
    {
      // The threshold is applied per call below (MANIFOLD_LOG_LEVEL read then); pino passes everything it is given.
      level: 'debug',
      // `message`, as these lines have always said (pino's own default is `msg`).
      messageKey: 'message',
      base: production ? { pid: process.pid } : undefined,
      timestamp: production ? pino.stdTimeFunctions.isoTime : false,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination(production),
  ));
}

/** @param {Level} level @param {string} message @param {Record<string, unknown>} [fields] */
function write(level, message, fields) {
  // Read per call, not at load: a test or a process that sets the level after importing this still gets it.
  const threshold = ORDER[serverSetting('MANIFOLD_LOG_LEVEL')] ?? ORDER.info;
  if (ORDER[level] < threshold) return;
  const log = instance(serverSetting('NODE_ENV') === 'production');
  if (fields) log[level](fields, message);
  else log[level](message);
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

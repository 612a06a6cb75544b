// The one logger: JSON lines on stderr in production, readable lines in development.
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = order[(process.env.MANIFOLD_LOG_LEVEL as Level) ?? 'info'] ?? 20;

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold) return;
  const line =
    process.env.NODE_ENV === 'production'
      ? JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })
      : `[${level}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
  process.stderr.write(`${line}\n`);
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => write('debug', m, f),
  info: (m: string, f?: Record<string, unknown>) => write('info', m, f),
  warn: (m: string, f?: Record<string, unknown>) => write('warn', m, f),
  error: (m: string, f?: Record<string, unknown>) => write('error', m, f),
};

// Prisma reports schema errors against the assembled schema ("schema.prisma:82"); people edit
// apps/<label>/models.prisma, so point there instead.
import fs from 'node:fs';
import path from 'node:path';
import { assembleSchema, projectRoot, type Provider } from '../schema';

/** Maps a line of the assembled schema to `apps/<label>/models.prisma:<line>`. */
export function locateSchemaLine(provider: Provider, line: number, root = projectRoot): string {
  const lines = assembleSchema(provider, root).split('\n');
  let found: { label: string; at: number } | undefined;
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    const m = lines[i].match(/^\/\/ ---- apps\/(\w+)\/models\.prisma/);
    if (m) found = { label: m[1], at: i + 1 };
  }
  if (!found) return `the generated schema header (prisma/${provider}/schema.prisma:${line})`;
  // assembleSchema trims each app's source, so count the blank lines it dropped at the top.
  const source = fs.readFileSync(path.join(root, 'apps', found.label, 'models.prisma'), 'utf8');
  const dropped = (source.match(/^\s*/)?.[0].match(/\n/g) ?? []).length;
  return `apps/${found.label}/models.prisma:${line - found.at + dropped}`;
}

/** Rewrites a schema engine validation error into "apps/blog/models.prisma:5: <what is wrong>" lines. */
export function explainSchemaError(err: unknown, provider: Provider, root = projectRoot): string {
  const message = (err as Error)?.message ?? String(err);
  const found = [...message.matchAll(/error:\s*(.+?)\n\s*-->\s*schema\.prisma:(\d+)/g)];
  if (!found.length) return message.split('\n').map((l) => l.trim()).filter(Boolean)[0] ?? message;
  return found.map(([, what, line]) => `${locateSchemaLine(provider, Number(line), root)}: ${what.trim()}`).join('\n');
}

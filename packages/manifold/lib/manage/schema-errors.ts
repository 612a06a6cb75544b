// Prisma reports schema errors against the assembled schema ("schema.prisma:82"); people edit
// apps/<label>/models.prisma, so point there instead.
import { assembleSchema, projectRoot, readAppModels, type Provider } from '../schema';

/** Maps a line of the assembled schema to `apps/<label>/models.prisma:<line>`. */
export function locateSchemaLine(provider: Provider, line: number, root = projectRoot): string {
  const lines = assembleSchema(provider, root).split('\n');
  let found: { name: string; at: number } | undefined;
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    const m = lines[i].match(/^\/\/ ---- (.+)\/models\.prisma$/);
    if (m) found = { name: m[1], at: i + 1 };
  }
  const app = found && readAppModels(root).find((a) => a.name === found.name);
  if (!found || !app) return `the generated schema header (prisma/${provider}/schema.prisma:${line})`;
  // assembleSchema trims each app's source, so count the blank lines it dropped at the top.
  const dropped = (app.source.match(/^\s*/)?.[0].match(/\n/g) ?? []).length;
  return `${found.name}/models.prisma:${line - found.at + dropped}`;
}

/** Rewrites a schema engine validation error into "apps/blog/models.prisma:5: <what is wrong>" lines. */
export function explainSchemaError(err: unknown, provider: Provider, root = projectRoot): string {
  const message = (err as Error)?.message ?? String(err);
  const found = [...message.matchAll(/error:\s*(.+?)\n\s*-->\s*schema\.prisma:(\d+)/g)];
  if (!found.length) return message.split('\n').map((l) => l.trim()).filter(Boolean)[0] ?? message;
  return found.map(([, what, line]) => `${locateSchemaLine(provider, Number(line), root)}: ${what.trim()}`).join('\n');
}

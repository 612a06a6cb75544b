// Keeps the generated Prisma clients in step with the apps' models: after makemigrations changes the models'
// state, code (and the admin) can use a new model without a separate `npm install`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleSchema, PROVIDERS, projectRoot } from '../schema';

/** True when prisma/<provider>/schema.prisma or a generated client no longer matches the installed apps' models. */
export function clientIsStale(root = projectRoot): boolean {
  return PROVIDERS.some((provider) => {
    const schema = path.join(root, 'prisma', provider, 'schema.prisma');
    if (!fs.existsSync(path.join(root, 'prisma', 'generated', provider, 'client.ts'))) return true;
    return !fs.existsSync(schema) || fs.readFileSync(schema, 'utf8') !== assembleSchema(provider, root);
  });
}

/** The framework's `manifold setup` (a site's postinstall): the registry, the schemas and `prisma generate` for both providers. */
const SETUP = fileURLToPath(new URL('../../scripts/setup.mjs', import.meta.url));

/** Runs `manifold setup` for the project; throws with its output on failure. */
export function regenerateClients(root = projectRoot): void {
  const r = spawnSync(process.execPath, [SETUP], { cwd: root, encoding: 'utf8', env: { ...process.env, MANIFOLD_ROOT: root } });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').filter((l) => l.trim()).slice(-8).join('\n');
    throw new Error(`regenerating the Prisma client failed:\n${output}`);
  }
}

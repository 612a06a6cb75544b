// `manage sync`: regenerate the app registry (.manifold/) from site.config.ts's installedApps and apps/*/{app,server}.ts.
import { CommandError, type Command } from '../../app';
import { parseCommandArgs } from '../args';
import { projectRoot } from '../../schema';
import { RegistryError, syncRegistry } from '../../registry/generate';

export const syncCommand: Command = {
  description: 'Regenerate the app registry (.manifold/) from installedApps in site.config.ts; the build, npm start and the runner run it too.',
  usage: '',
  async run(args, ctx) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length) throw new CommandError(`sync takes no arguments; got "${positionals.join(' ')}"`, 2);
    try {
      const { written, model } = await syncRegistry(projectRoot);
      const labels = model.installed.map((a) => a.label).join(', ') || 'none';
      ctx.out(written.length ? `Wrote ${written.map((f) => `.manifold/${f}`).join(', ')}.` : 'The app registry is up to date.');
      ctx.out(`Installed apps: ${labels}.`);
      const idle = model.uninstalled.map((a) => a.label);
      if (idle.length) ctx.out(`Not installed (under apps/ but not in installedApps): ${idle.join(', ')}.`);
    } catch (err) {
      if (err instanceof RegistryError) throw new CommandError(err.message);
      throw err;
    }
  },
};

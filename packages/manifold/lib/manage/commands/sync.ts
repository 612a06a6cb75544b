// `manage sync`: regenerate the app registry (.manifold/) from site.config.ts's installedApps and apps/*/{app,server}.ts.
import { CommandError, defineCommand } from '../../app';
import { projectRoot } from '../../schema';
import { RegistryError, syncRegistry } from '../../registry/generate';

export const syncCommand = defineCommand({
  description: 'Regenerate the app registry (.manifold/) from installedApps in site.config.ts; the build, npm start and the runner run it too.',
  async run(_options, ctx) {
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
});

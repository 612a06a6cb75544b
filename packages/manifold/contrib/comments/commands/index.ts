// The comments app's manage commands (`npm run manage -- comments <command>`).
import { defineCommand, type Command } from '../../../lib/app';

const commands: Record<string, Command> = {
  render: defineCommand({
    description: "Render comments' HTML again from their Markdown: after loaddata (which never loads stored HTML), or when the allowed subset changed.",
    options: {
      all: { type: 'boolean', help: 'Every comment, not only those without HTML.' },
    },
    async run(values, ctx) {
      const { getDb } = await import('../../../lib/db');
      const { renderMissingHtml } = await import('../service');
      const db = getDb();
      try {
        const n = await renderMissingHtml(db, { all: values.all });
        ctx.out(`Rendered ${n} comment(s).`);
        if (n > 0) {
          // The comments are on cached post pages: a running server purges them (nothing happens if none runs).
          const { notifyRunningServer } = await import('../../../lib/revalidation');
          if (await notifyRunningServer({ tags: [], paths: [] })) ctx.out('The running server refreshed its cached pages.');
        }
      } finally {
        await db.$disconnect();
      }
    },
  }),
};

export default commands;

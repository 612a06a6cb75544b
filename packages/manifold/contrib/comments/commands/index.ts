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
      } finally {
        await db.$disconnect();
      }
    },
  }),
};

export default commands;

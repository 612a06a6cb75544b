// The blog's Post names the comments app's model (`comments Comment[]`, the back side Prisma needs); a site without
// the comments app must still get a valid schema, so the assembled schema leaves that list field out, and only it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropUninstalledBackRelations } from '../../../lib/schema';

const here = path.dirname(new URL(import.meta.url).pathname);
const read = (app: string) => fs.readFileSync(path.join(here, '..', '..', app, 'models.prisma'), 'utf8');

describe('back-relation lists to models of apps not installed', () => {
  const blog = read('blog');
  it('are left out when the model is missing, kept when it is there; other list fields stay', () => {
    const models = new Set(['Category', 'Tag', 'Post', 'Series', 'Revision', 'Redirect', 'LegacyPath', 'ImportedItem', 'PostCount', 'User']);
    const without = dropUninstalledBackRelations(blog, models);
    expect(blog).toMatch(/^\s+comments\s+Comment\[\]/m);
    expect(without).not.toMatch(/Comment/);
    expect(without).toMatch(/^\s+revisions\s+Revision\[\]/m);
    expect(without).toMatch(/^\s+tags\s+Tag\[\]/m);
    expect(blog.split('\n').length - without.split('\n').length).toBe(1);
    expect(dropUninstalledBackRelations(blog, new Set([...models, 'Comment']))).toBe(blog);
  });
});

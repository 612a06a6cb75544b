// `manage check` reports ModelAdmin entries that name no model or fields their model lacks, Django-style
// (admin.E108 …): the pure check against the real assembled schema, then the command on a copy of the project
// whose blog app declares a fixture admin module.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleSchema } from '../../schema';
import { checkModelAdmins } from '../admin-checks';
import { copyProject, manage, repoRoot } from './support';

const schema = assembleSchema('sqlite', repoRoot);

/** What an app's admin module might export when types were bypassed (JavaScript, a cast). */
const FIXTURE = [
  { model: 'GaleryItem', listDisplay: ['titel'] },
  {
    model: 'Post',
    listDisplay: ['title', 'titel', 'category'],
    listFilter: ['status', 'colour'],
    searchFields: ['source', 'bdy'],
    ordering: ['-publishedAt', '-published'],
    fieldsets: [{ title: '본문', fields: ['title', 'slugg'] }],
    readonlyFields: ['createdAt', 'nope'],
    prepopulatedFields: { slug: ['title', 'headline'], permalink: ['title'] },
  },
  { model: 'Post' },
  { model: 'Category', listDisplay: ['name', 'parent'], ordering: ['name'] },
];

describe('checkModelAdmins', () => {
  it('reports each unknown model and field with a Django-style id and a suggestion', () => {
    const issues = checkModelAdmins('blog', FIXTURE, schema);
    expect(issues.map((i) => [i.id, i.message, i.hint])).toEqual([
      ['admin.E900', "ModelAdmin[0] refers to the model 'GaleryItem', which is not a model of any installed app.", expect.stringMatching(/^The models are: (\w+, )*Post\b/)],
      ['admin.E108', "The value of 'listDisplay[1]' refers to 'titel', which is not a field of 'blog.Post'.", "Did you mean 'title'?"],
      ['admin.E116', "The value of 'listFilter[1]' refers to 'colour', which is not a field of 'blog.Post'.", undefined],
      ['admin.E901', "The value of 'searchFields[1]' refers to 'bdy', which is not a field of 'blog.Post'.", undefined],
      ['admin.E033', "The value of 'ordering[1]' refers to '-published', which is not a field of 'blog.Post'.", "Did you mean 'publishedAt'?"],
      ['admin.E035', "The value of 'readonlyFields[1]' refers to 'nope', which is not a field of 'blog.Post'.", undefined],
      ['admin.E902', "The value of 'fieldsets[0].fields[1]' refers to 'slugg', which is not a field of 'blog.Post'.", "Did you mean 'slug'?"],
      ['admin.E030', "The value of 'prepopulatedFields[\"slug\"][1]' refers to 'headline', which is not a field of 'blog.Post'.", undefined],
      ['admin.E027', "The value of 'prepopulatedFields' refers to 'permalink', which is not a field of 'blog.Post'.", undefined],
      ['admin.E903', "ModelAdmin[2]: the model 'Post' already has a ModelAdmin entry; a model is registered once.", undefined],
    ]);
    expect(issues.every((i) => i.level === 'ERROR' && i.where === 'apps/blog/admin.ts')).toBe(true);
  });

  it('suggests the model meant, and says nothing about correct entries', () => {
    expect(checkModelAdmins('blog', [{ model: 'Posts' }], schema)[0].hint).toBe("Did you mean 'Post'?");
    expect(checkModelAdmins('blog', [FIXTURE[3], { model: 'Tag', listDisplay: ['name', 'slug', 'posts'] }], schema)).toEqual([]);
    // A computed column `name()` is the app's admin hooks' (the admin app's own check, admin.E914, looks for it there);
    // without the parentheses it is a field name like any other.
    expect(checkModelAdmins('blog', [{ model: 'Tag', listDisplay: ['name', 'usage()'] }], schema)).toEqual([]);
    expect(checkModelAdmins('blog', [{ model: 'Tag', listDisplay: ['name', 'usage'] }], schema).map((i) => i.id)).toEqual(['admin.E108']);
    expect(checkModelAdmins('blog', [], schema)).toEqual([]);
  });

  it('refuses shapes that are not ModelAdmin lists', () => {
    expect(checkModelAdmins('blog', { model: 'Post' }, schema).map((i) => i.id)).toEqual(['admin.E904']);
    expect(checkModelAdmins('blog', [null, 'Post', { listDisplay: [] }], schema).map((i) => i.id)).toEqual(['admin.E904', 'admin.E904', 'admin.E904']);
    expect(checkModelAdmins('blog', [{ model: 'Post', listDisplay: 'title', prepopulatedFields: { slug: 'title' } }], schema).map((i) => i.id)).toEqual(['admin.E905', 'admin.E905']);
  });
});

describe('manage check on an app that declares admin options', () => {
  let project: { root: string; remove(): void };
  beforeAll(() => {
    // The blog is a contrib app: its folder is in the framework, so the copy takes the workspace's framework too.
    project = copyProject({ framework: true });
    const app = path.join(project.root, 'packages', 'manifold', 'contrib', 'blog');
    fs.writeFileSync(path.join(app, 'admin.ts'), `// A fixture: entries as plain data, as a JavaScript module could export them.\nexport default ${JSON.stringify(FIXTURE)};\n`);
    const manifest = fs.readFileSync(path.join(app, 'app.ts'), 'utf8');
    expect(manifest).toMatch(/label: 'blog',\n/);
    fs.writeFileSync(path.join(app, 'app.ts'), manifest.replace(/label: 'blog',\n/, "label: 'blog',\n  admin: () => import('./admin'),\n"));
  });
  afterAll(() => project?.remove());

  it('prints the errors with their ids and hints, and exits 1', async () => {
    const r = await manage(['check'], { cwd: project.root });
    expect(r.stdout).toContain("manifold/blog/admin.ts: (admin.E900) ModelAdmin[0] refers to the model 'GaleryItem', which is not a model of any installed app.");
    expect(r.stdout).toContain("manifold/blog/admin.ts: (admin.E108) The value of 'listDisplay[1]' refers to 'titel', which is not a field of 'blog.Post'.\n\tHINT: Did you mean 'title'?");
    expect(r.stdout.match(/\(admin\.E\d+\)/g)).toHaveLength(10);
    expect(r.stderr.trim()).toBe('Error: System check found 10 problem(s) at ERROR level or above.');
    expect(r.code).toBe(1);
  });
});

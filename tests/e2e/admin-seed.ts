// Test-only data for the admin e2e specs, run as a child process (tsx) against the e2e server's database: users made
// the way accounts makes them (its password hashing, its database sessions, next-auth's cookie encoding), and cleanup
// of what a spec created so the reader specs that follow still count the sample posts.
import { createDb } from 'manifold/db';
import { parseDatabaseUrl } from 'manifold/database-url';
import { hashPassword, sessionCookieFor } from 'manifold/accounts/testing';
import { notifyRunningServer } from 'manifold/revalidation';

interface UserSpec {
  email: string;
  password: string;
  name: string;
  isStaff: boolean;
  isSuperuser: boolean;
  permissions?: string[];
}

const cmd = JSON.parse(process.argv[2] ?? '{}') as { users?: UserSpec[]; session?: string; rows?: boolean; cleanup?: { titlePrefix: string; categoryPrefix: string; tagPrefix: string } };
const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL ?? ''));
const out: Record<string, unknown> = {};
try {
  for (const u of cmd.users ?? []) {
    const passwordHash = await hashPassword(u.password);
    const perms = [];
    for (const p of u.permissions ?? []) {
      const [app, codename] = p.split('.');
      perms.push(await db.permission.upsert({ where: { app_codename: { app, codename } }, create: { app, codename, name: p }, update: {} }));
    }
    await db.user.upsert({
      where: { email: u.email },
      create: { email: u.email, name: u.name, passwordHash, isStaff: u.isStaff, isSuperuser: u.isSuperuser, userPermissions: { connect: perms.map((p) => ({ id: p.id })) } },
      update: { name: u.name, passwordHash, isStaff: u.isStaff, isSuperuser: u.isSuperuser, isActive: true, userPermissions: { set: perms.map((p) => ({ id: p.id })) } },
    });
  }
  if (cmd.session) {
    out.cookie = await sessionCookieFor(db, cmd.session, { userAgent: 'admin e2e' });
  }
  // One row of each registered model the sample content has none of (series, uploads, comments, old addresses), for the admin matrix.
  if (cmd.rows) {
    await db.series.upsert({ where: { slug: 'e2e-matrix-series' }, create: { title: 'E2E 행렬 시리즈', slug: 'e2e-matrix-series' }, update: {} });
    const key = '2026/12/e2e0000000000000.640x480.jpg';
    await db.media.upsert({ where: { key }, create: { key, filename: 'matrix.jpg', mime: 'image/jpeg', size: 1, width: 640, height: 480, sha256: 'e'.repeat(64) }, update: {} });
    // The model library (ml): a model with one version (its files are never read by the generic pages).
    const dims = { format: 'layers', files: '[]', size: 1, params: 1, flops: 1, inputShape: '[null,1]', outputShape: '[null,1]', dtypes: '{}' };
    await db.mlModel.upsert({ where: { slug: 'e2e-matrix-model' }, create: { slug: 'e2e-matrix-model', title: 'E2E 행렬 모델', versions: { create: [{ number: 1, status: 'ready', ...dims }] } }, update: {} });
    // A comment waiting for moderation (readers never see it, lists never count it; comments.spec removes it, "E2E…").
    const post = await db.post.findFirst({ orderBy: { id: 'asc' }, select: { id: true } });
    if (post && !(await db.comment.findFirst({ where: { name: 'E2E 행렬 댓글' } }))) {
      await db.comment.create({ data: { postId: post.id, name: 'E2E 행렬 댓글', body: '행렬 확인', html: '<p>행렬 확인</p>' } });
    }
    // An old address (옛 주소) of that post: answers 301 only where the site has no page, which no other spec asks for.
    if (post) await db.legacyPath.upsert({ where: { path: '/e2e-matrix/old-address' }, create: { path: '/e2e-matrix/old-address', postId: post.id }, update: {} });
  }
  if (cmd.cleanup) {
    const { titlePrefix, categoryPrefix, tagPrefix } = cmd.cleanup;
    out.posts = (await db.post.deleteMany({ where: { title: { startsWith: titlePrefix } } })).count;
    out.categories = (await db.category.deleteMany({ where: { name: { startsWith: categoryPrefix } } })).count;
    out.tags = (await db.tag.deleteMany({ where: { name: { startsWith: tagPrefix } } })).count;
    // Deleted behind the server's back: it is told, as manage commands tell it, so its page cache and the sidebar's
    // counts (kept until a purge) do not go on showing what a spec made.
    out.notified = await notifyRunningServer({ tags: [], paths: [] });
  }
} finally {
  await db.$disconnect();
}
console.log(JSON.stringify(out));

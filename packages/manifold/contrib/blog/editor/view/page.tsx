// The post editor page (the blog's changeFormView for Post): /admin/blog/post/add asks for a title and makes the
// draft; /admin/blog/post/<id>/change loads everything the editor needs on the server (loadEditorData checks who may
// see and change the post) and hands it to the browser half.
import { forbidden, notFound } from 'next/navigation';
import type { AdminViewProps } from '../../../../lib/app';
import { settings } from '../../../../lib/settings';
import type { CurrentUser } from '../../../accounts/auth';
import { AdminFrame } from '../../../admin/views/frame';
import { adminT } from '../../../admin/views/i18n';
import { loadEditorData, parsePostId } from '../data';
import { LazyNewPostForm as NewPostForm, LazyPostEditor as PostEditor } from './lazy.client';
import { editorT } from './i18n';

export default async function PostEditorPage({ user, lang, path, app, model, id }: AdminViewProps) {
  const t = editorT(lang);
  const at = adminT(lang);
  const listUrl = `/admin/${app}/${model}`;
  const crumbs = [
    { label: at.home, href: '/admin' },
    { label: t.blog, href: `/admin/${app}` },
    { label: t.posts, href: listUrl },
  ];

  if (id === null) {
    if (!user.isSuperuser && !user.permissions.has(`${app}.add_${model}`)) forbidden();
    return (
      <AdminFrame user={user} title={t.newPost} lang={lang} path={path} breadcrumbs={[...crumbs, { label: t.newPost }]}>
        <NewPostForm lang={lang} />
      </AdminFrame>
    );
  }

  const postId = parsePostId(id);
  if (postId === null) notFound();
  // The admin hands its views the signed-in CurrentUser (AdminViewProps names the part every view needs).
  const data = await loadEditorData(postId, user as CurrentUser, lang);
  if (!data) notFound();
  const base = `${listUrl}/${postId}`;
  const title = data.fields.title || data.saved.title || t.editPost;
  return (
    <AdminFrame user={user} title={title} lang={lang} path={path} breadcrumbs={[...crumbs, { label: title }]}>
      <PostEditor
        data={data}
        siteUrl={settings().siteUrl}
        links={{ changeList: listUrl, history: `${base}/history`, revisions: `${base}/revisions`, delete: data.permissions.delete ? `${base}/delete` : null }}
      />
    </AdminFrame>
  );
}

// The media library (/admin/media/media): a grid of the uploaded images with search by file name or alt text,
// upload by picking or dropping files, each file's size, its alt text (editable), where it is used, and a delete that
// is refused while a post uses the file. The first page is rendered here; the client component takes over from it.
import type { AdminView } from '../../../lib/app';
import { AdminFrame } from '../../admin/views/frame';
import { adminT } from '../../admin/views/i18n';
import { siteMediaDeps } from '../site';
import { listMedia } from '../service';
import { LazyMediaLibrary as MediaLibrary } from './library-lazy.client';
import './library.css';

const LibraryPage: AdminView = async ({ user, lang, path, query }) => {
  const t = adminT(lang);
  const can = (p: string) => user.isSuperuser || user.permissions.has(p);
  const title = lang === 'en' ? 'Media library' : '미디어 라이브러리';
  const frame = (children: React.ReactNode) => (
    <AdminFrame user={user} title={title} lang={lang} path={path} breadcrumbs={[{ label: t.home, href: '/admin' }, { label: lang === 'en' ? 'Media' : '미디어', href: '/admin/media' }, { label: title }]}>
      {children}
    </AdminFrame>
  );
  if (!can('media.view_media')) {
    return frame(
      <p className="adm-errornote" role="alert">
        {lang === 'en' ? 'You need the permission media.view_media to see the media library.' : '미디어 라이브러리를 보려면 media.view_media 권한이 필요합니다.'}
      </p>,
    );
  }
  const page = Number(query.get('page') ?? '1');
  const initial = await listMedia(siteMediaDeps(), { q: query.get('q'), page: Number.isFinite(page) ? page : 1 });
  return frame(
    <>
      <h1>{title}</h1>
      <MediaLibrary lang={lang} initial={initial} permissions={{ add: can('media.add_media'), change: can('media.change_media'), delete: can('media.delete_media') }} />
    </>,
  );
};

export default LibraryPage;

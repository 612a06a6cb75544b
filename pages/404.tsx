import Head from 'next/head';
import { NotFoundPage } from '../components/not-found';
import { t } from '../lib/i18n';

export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

export default function NotFound() {
  return (
    <>
      <Head>
        <title>{`404 | ${t('ko').notFoundTitle}`}</title>
      </Head>
      <NotFoundPage />
    </>
  );
}

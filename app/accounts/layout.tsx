// The sign-in pages' layout: they wear the admin's stylesheet (AdminFrame, .adm-auth cards) and are never indexed.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import 'manifold/admin/views/admin.css';

export const metadata: Metadata = { robots: { index: false, follow: false } };

export default function AccountsLayout({ children }: { children: ReactNode }) {
  return children;
}

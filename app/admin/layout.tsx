// The admin's layout: its stylesheet, and no indexing by search engines. The pages come from manifold/admin/views.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import 'manifold/admin/views/admin.css';

export const metadata: Metadata = { robots: { index: false, follow: false } };

export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}

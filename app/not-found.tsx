import { NotFoundPage } from '../components/not-found';

export default function NotFound() {
  return <NotFoundPage />;
}

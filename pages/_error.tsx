// What a reader route that failed renders: 503 with Retry-After while the database is out of reach, else 500.
import { ErrorPage } from 'manifold/blog/views/error';

export default ErrorPage;

// The change form's search-as-you-type selects (manifold/admin/views/autocomplete-route).
export { GET } from 'manifold/admin/views/autocomplete-route';

export const dynamic = 'force-dynamic';

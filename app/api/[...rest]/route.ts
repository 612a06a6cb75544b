// Any /api address no endpoint declares: a JSON 404 like every other API answer, rather than the reader site's HTML page.
export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: 'No such API endpoint.' }, { status: 404, headers: { 'cache-control': 'no-store' } });

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;

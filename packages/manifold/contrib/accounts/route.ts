// next-auth's route handler (GET and POST /api/auth/*), re-exported by the site's app/api/auth/[...nextauth]/route.ts.
import NextAuth from 'next-auth';
import { exportAuthEnvironment } from '../../lib/settings';
import { authOptions } from './nextauth';

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx): Promise<Response> {
  exportAuthEnvironment();
  return (NextAuth as unknown as (req: Request, ctx: Ctx, options: ReturnType<typeof authOptions>) => Promise<Response>)(req, ctx, authOptions());
}

export { handler as GET, handler as POST };

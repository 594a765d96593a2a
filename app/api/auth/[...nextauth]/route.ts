// /api/auth/* – next-auth (sign-in, sign-out, session, CSRF). Options are built per request so
// configuration is read at run time, not at build time.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: Request, context: Context) {
  return NextAuth(request as never, context as never, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };

// Requires a session on every page and API route except the public ones below. Pages redirect to
// sign-in; API routes answer 401 JSON. (Pages check the session again on the server.)
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";

const PUBLIC_PATHS = ["/in", "/api/health", "/api/auth", "/login", "/setup"];

/** A public path, or anything below it. */
function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublic(pathname)) return NextResponse.next();
  const token = await getToken({ req: request, secret: env().AUTH_SECRET });
  if (token) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "unauthorized", message: "Sign in, or send an API token." } }, { status: 401 });
  }
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Static assets need no session.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

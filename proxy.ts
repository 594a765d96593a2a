// Requires a session on every page and API route except the public ones below. Pages redirect to
// sign-in; API routes answer 401 JSON. (Pages check the session again on the server.)
// /api/v1 also accepts API tokens: a request with `Authorization: Bearer …` goes through to the route,
// which verifies the token (against the database) and answers 401 itself when it is not valid.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { apiError } from "@/lib/api/errors";
import { bearerToken } from "@/lib/auth/bearer-token";
import { secureCookies } from "@/lib/auth/secure-cookies";
import { env } from "@/lib/env";

// The OpenAPI document is public: it describes the API and holds no data. The set-up (page and API)
// is public while no user exists, and asks for the set-up code from the start log.
const PUBLIC_PATHS = ["/in", "/api/health", "/api/auth", "/api/v1/openapi.json", "/api/v1/setup", "/login", "/setup"];

/** A public path, or anything below it. */
function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublic(pathname)) return NextResponse.next();
  if (pathname.startsWith("/api/v1/") && bearerToken(request.headers.get("authorization")) !== null) return NextResponse.next();
  const token = await getToken({ req: request, secret: env().AUTH_SECRET, secureCookie: secureCookies() });
  if (token) return NextResponse.next();
  if (pathname.startsWith("/api/")) return apiError("unauthorized");
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Static assets need no session.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

// In front of every page and API route: a Content-Security-Policy with a fresh nonce on every
// response (lib/http/content-security-policy.ts; Next.js reads the nonce from the request's policy
// and puts it on its own scripts), and the session gate. The gate requires a session everywhere
// except the public paths below: pages redirect to sign-in, API routes answer 401 JSON. (Pages check
// the session again on the server.) /api/v1 also accepts API tokens: a request with
// `Authorization: Bearer …` goes through to the route, which verifies the token (against the
// database) and answers 401 itself when it is not valid.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { allowHeader, methodsOfApiPath, type ApiMethod } from "@/lib/api/api-paths";
import { apiError } from "@/lib/api/errors";
import { bearerToken } from "@/lib/auth/bearer-token";
import { secureCookies } from "@/lib/auth/secure-cookies";
import { env } from "@/lib/env";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";

// The OpenAPI document is public: it describes the API and holds no data. The set-up (page and API)
// is public while no user exists, and asks for the set-up code from the start log. /invite/<token>
// is where an invited person chooses a password (the token is the proof).
const PUBLIC_PATHS = ["/in", "/api/health", "/api/auth", "/api/v1/openapi.json", "/api/v1/setup", "/login", "/setup", "/invite"];

/** A public path, or anything below it. */
function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

export async function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV === "development", https: secureCookies() });
  const response = (await refusal(request)) ?? passWithPolicy(request, policy);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/** On to the page or route, with the policy in the request too: Next.js takes the nonce from there. */
function passWithPolicy(request: NextRequest, policy: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  return NextResponse.next({ request: { headers } });
}

/** The gate's answer to a request without a session (a redirect or a 401), or null to let it through. */
async function refusal(request: NextRequest): Promise<NextResponse | Response | null> {
  const { pathname, search } = request.nextUrl;
  const wrongMethod = methodRefusal(request.method, pathname);
  if (wrongMethod) return wrongMethod;
  if (isPublic(pathname)) return null;
  if (pathname.startsWith("/api/v1/") && bearerToken(request.headers.get("authorization")) !== null) return null;
  const token = await getToken({ req: request, secret: env().AUTH_SECRET, secureCookie: secureCookies() });
  if (token) return null;
  if (pathname.startsWith("/api/")) return apiError("unauthorized");
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

/**
 * A method a known /api/v1 path does not answer: a JSON 405 with `Allow` (Next's own is empty).
 * Before the session gate: which methods exist is public (the OpenAPI document says it). Unknown
 * paths go on to app/api/v1/[[...path]], which answers a JSON 404.
 */
function methodRefusal(method: string, pathname: string): Response | null {
  if (!pathname.startsWith("/api/v1/") || method === "OPTIONS") return null;
  const methods = methodsOfApiPath(pathname.slice("/api/v1".length));
  if (!methods) return null;
  const asked = (method === "HEAD" ? "get" : method.toLowerCase()) as ApiMethod;
  if (methods.includes(asked)) return null;
  const allow = allowHeader(methods);
  return apiError("method_not_allowed", { message: `${method} is not allowed on ${pathname}; it answers ${allow}.`, headers: { Allow: allow } });
}

export const config = {
  // Static assets need neither a session nor a policy.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

// Who is calling /api/v1: the owner of an API token (Authorization: Bearer …) or, so the dashboard's
// own fetches work, the browser's session.
import type { GetServerSidePropsContext } from "next";
import { getServerSession } from "next-auth";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { checkSession } from "@/lib/auth/active-session-user";
import { bearerToken } from "@/lib/auth/bearer-token";
import { isCrossSiteWrite } from "@/lib/auth/is-cross-site-write";
import { authOptions } from "@/lib/auth/options";
import type { CurrentUser } from "@/lib/auth/session";
import { parseCookieHeader } from "@/lib/http/parse-cookie-header";

/** tokenName and tokenRole are set when the caller used an API token (the audit log names it). */
export type ApiCaller = CurrentUser & { tokenName?: string; tokenRole?: CurrentUser["role"] };

export async function authenticateApiRequest(request: Request): Promise<ApiCaller | null> {
  const authorization = request.headers.get("authorization");
  // Credentials that are sent are judged alone: a bad token is refused even beside a valid cookie.
  if (authorization !== null) {
    const token = bearerToken(authorization);
    return token === null ? null : authenticateApiToken({ token });
  }
  return sessionUser(request);
}

async function sessionUser(request: Request): Promise<CurrentUser | null> {
  const cookie = request.headers.get("cookie");
  if (!cookie || isCrossSiteWrite(request)) return null;
  // The (req, res, options) form reads this request rather than Next's request scope, so it works
  // for any Request (including tests). It only reads req.headers and req.cookies, and res is a sink.
  const req = { headers: Object.fromEntries(request.headers), cookies: parseCookieHeader(cookie) };
  const res = { getHeader: () => undefined, setHeader: () => undefined, setCookie: () => undefined };
  const session = await getServerSession(
    req as unknown as GetServerSidePropsContext["req"],
    res as unknown as GetServerSidePropsContext["res"],
    authOptions(),
  );
  if (!session?.user?.id) return null;
  // Disabled users and ended sessions are refused here too; the role is the stored one.
  const check = await checkSession({ userId: session.user.id, sessionVersion: session.user.sessionVersion });
  return check.ok ? check.user : null;
}

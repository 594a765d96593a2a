// next-auth configuration: email + password (argon2id hashes in Postgres) and, when configured,
// single sign-on with OpenID Connect (oidc-provider.ts, decided in sso-sign-in.ts); JWT sessions.
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate } from "@/lib/auth/authenticate";
import { oidcProvider, type OidcUser } from "@/lib/auth/oidc-provider";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-provider-id";
import { ssoSignIn, type SsoSignInResult } from "@/lib/auth/sso-sign-in";
import { secureCookies } from "@/lib/auth/secure-cookies";
import { clientAddress } from "@/lib/http/client-address";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Where a refused single sign-on lands: the sign-in page, saying why. */
function refusedSsoUrl(result: Exclude<SsoSignInResult, { ok: true }>): string {
  const code =
    result.reason === "no_account"
      ? `${SIGN_IN_ERRORS.ssoNoAccount}:${result.email}`
      : result.reason === "identity_mismatch"
        ? `${SIGN_IN_ERRORS.ssoIdentityMismatch}:${result.email}`
        : result.reason === "disabled"
          ? SIGN_IN_ERRORS.accountDisabled
          : SIGN_IN_ERRORS.ssoUnverifiedEmail;
  const url = new URL("/login", env().APP_URL);
  url.searchParams.set("error", code);
  return url.toString();
}

export function authOptions(): AuthOptions {
  const oidc = oidcProvider();
  return {
    secret: env().AUTH_SECRET,
    // Secure, __Secure-/__Host- prefixed cookies exactly when APP_URL is https (secure-cookies.ts).
    useSecureCookies: secureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const result = await authenticate({
            email: credentials?.email,
            password: credentials?.password,
            address: clientAddress(new Headers(request.headers as Record<string, string>)),
          });
          if (result.ok) return result.user;
          if (result.reason === "disabled") throw new Error(SIGN_IN_ERRORS.accountDisabled);
          if (result.reason === "rate_limited") {
            throw new Error(`${SIGN_IN_ERRORS.rateLimited}:${result.retryAfterSeconds}`);
          }
          return null;
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const identity = user as unknown as OidcUser;
        const result = await ssoSignIn({
          email: identity.email,
          emailVerified: identity.emailVerified,
          name: identity.name,
          // Set whenever the provider is (oidcProvider() returns null otherwise).
          issuer: env().OIDC_ISSUER ?? "",
          subject: identity.id,
        });
        if (!result.ok) return refusedSsoUrl(result);
        // From here on next-auth builds the session token from this object: make it our user.
        Object.assign(user, result.user);
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = (user as { role?: string }).role ?? "viewer";
          // The session version the token is checked against at every request (lib/auth/session.ts).
          // A provider whose user object lacks it (single sign-on) gets the stored one.
          const carried = (user as { sessionVersion?: number }).sessionVersion;
          token.sessionVersion = typeof carried === "number" ? carried : ((await db().user.findUnique({ where: { id: user.id }, select: { sessionVersion: true } }))?.sessionVersion ?? 0);
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.role = typeof token.role === "string" ? token.role : "viewer";
          session.user.sessionVersion = typeof token.sessionVersion === "number" ? token.sessionVersion : 0;
        }
        return session;
      },
    },
  };
}

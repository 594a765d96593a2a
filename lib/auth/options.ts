// next-auth configuration: email + password (argon2id hashes in Postgres), JWT sessions.
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate } from "@/lib/auth/authenticate";
import { secureCookies } from "@/lib/auth/secure-cookies";
import { clientAddress } from "@/lib/http/client-address";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function authOptions(): AuthOptions {
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
    ],
    callbacks: {
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

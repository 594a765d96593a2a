import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: string; sessionVersion?: number; email?: string | null; name?: string | null; image?: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: string;
    /** users.session_version when the token was issued (lib/auth/active-session-user.ts). */
    sessionVersion?: number;
  }
}

// Who a single sign-on becomes: the identity provider vouches for an e-mail address, and Switchyard
// matches it to its own account. The e-mail must be verified by the provider (an unverified one could
// be anybody's); an existing account with that e-mail is linked, unless it is disabled; otherwise,
// when the domain is one of OIDC_AUTO_PROVISION_DOMAINS, an account without a password is made with
// OIDC_DEFAULT_ROLE; anyone else is refused and told to ask for an invite. The sign-in is recorded
// on the account (last sign-in), and the session carries the account's session version so that
// ending sessions (lib/auth/active-session-user.ts) ends SSO sessions too.
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

const log = logger("auth");

const SsoEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email().max(254));

export interface SsoUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
  sessionVersion: number;
}

export type SsoSignInResult =
  | { ok: true; user: SsoUser; provisioned: boolean }
  | { ok: false; reason: "unverified_email" }
  | { ok: false; reason: "no_account"; email: string }
  | { ok: false; reason: "disabled" };

export async function ssoSignIn({
  email,
  emailVerified,
  name,
  subject,
}: {
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** The provider's subject, for the log. */
  subject: string;
}): Promise<SsoSignInResult> {
  const parsed = SsoEmail.safeParse(email ?? "");
  if (!parsed.success || !emailVerified) {
    log.warn("single sign-on refused: the provider did not vouch for an e-mail address", { subject, hasEmail: parsed.success });
    return { ok: false, reason: "unverified_email" };
  }
  const address = parsed.data;
  let user = await db().user.findUnique({ where: { email: address } });
  let provisioned = false;
  if (!user) {
    const domain = address.slice(address.lastIndexOf("@") + 1);
    if (!env().OIDC_AUTO_PROVISION_DOMAINS.includes(domain)) {
      log.info("single sign-on refused: no account for this e-mail", { subject, domain });
      return { ok: false, reason: "no_account", email: address };
    }
    const created = await provision({ email: address, name });
    user = created.user;
    provisioned = created.provisioned;
    if (provisioned) log.info("account provisioned by single sign-on", { userId: user.id, role: user.role, subject, domain });
  }
  if (user.disabledAt) {
    log.info("single sign-on refused: account disabled", { userId: user.id, subject });
    return { ok: false, reason: "disabled" };
  }
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  log.info("signed in with single sign-on", { userId: user.id, subject });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion },
    provisioned,
  };
}

/** Makes the account; a second sign-in racing the first finds the account the first made. */
async function provision({ email, name }: { email: string; name: string | null }) {
  try {
    const user = await db().user.create({ data: { email, name: name?.trim().slice(0, 100) || null, role: env().OIDC_DEFAULT_ROLE, passwordHash: null } });
    return { user, provisioned: true };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    return { user: await db().user.findUniqueOrThrow({ where: { email } }), provisioned: false };
  }
}

// Who a single sign-on becomes. An account already bound to the provider's identity (issuer + `sub`)
// is that identity's, whatever e-mail the provider now reports. Otherwise the provider vouches for an
// e-mail address, and Switchyard matches it to its own account. The e-mail must be verified by the
// provider (an unverified one could be anybody's); an existing account with that e-mail is linked
// and bound to the identity, unless it is disabled or already bound to another identity of the same
// provider (the address changed hands there: CVE-2023-3128 was Grafana matching by e-mail); otherwise an
// open invite for the e-mail is accepted (the account gets the invite's role), or, when the domain is
// one of OIDC_AUTO_PROVISION_DOMAINS, an account is made with OIDC_DEFAULT_ROLE (both without a
// password, audited as user.joined); anyone else is refused and told to ask for an invite. The sign-in is recorded
// on the account (last sign-in), and the session carries the account's session version so that
// ending sessions (lib/auth/active-session-user.ts) ends SSO sessions too.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma, type User } from "@/lib/generated/prisma/client";
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
  | { ok: false; reason: "disabled" }
  | { ok: false; reason: "identity_mismatch"; email: string };

export async function ssoSignIn({
  email,
  emailVerified,
  name,
  issuer,
  subject,
}: {
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** The provider (OIDC_ISSUER) and its stable id of the person (`sub`): the identity an account is bound to. */
  issuer: string;
  subject: string;
}): Promise<SsoSignInResult> {
  const bound = await db().user.findUnique({ where: { ssoIssuer_ssoSubject: { ssoIssuer: issuer, ssoSubject: subject } } });
  if (bound) return signedIn({ user: bound, subject, provisioned: false });

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
    const created = await createAccount({ email: address, name, issuer, subject, provisionable: env().OIDC_AUTO_PROVISION_DOMAINS.includes(domain) });
    if (!created) {
      log.info("single sign-on refused: no account or open invite for this e-mail", { subject, domain });
      return { ok: false, reason: "no_account", email: address };
    }
    user = created.user;
    provisioned = created.provisioned;
    if (provisioned) log.info("account made at single sign-on", { userId: user.id, role: user.role, subject, domain });
  }
  if (user.disabledAt) {
    log.info("single sign-on refused: account disabled", { userId: user.id, subject });
    return { ok: false, reason: "disabled" };
  }
  // Bind the account to this identity unless it is bound to another of the same provider. One
  // conditional statement, so two identities racing for one unbound account cannot both win. An
  // account bound at another issuer (the instance moved to a new provider) is bound anew.
  const [claimed] = await db().user.updateManyAndReturn({
    where: { id: user.id, OR: [{ ssoIssuer: null }, { ssoIssuer: { not: issuer } }, { ssoSubject: subject }] },
    data: { ssoIssuer: issuer, ssoSubject: subject },
  });
  if (!claimed) {
    log.warn("single sign-on refused: the account is bound to another identity at this provider", { userId: user.id, subject });
    return { ok: false, reason: "identity_mismatch", email: address };
  }
  return signedIn({ user: claimed, subject, provisioned });
}

async function signedIn({ user, subject, provisioned }: { user: User; subject: string; provisioned: boolean }): Promise<SsoSignInResult> {
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

/**
 * Makes the account of a first SSO sign-in: from the open invite for the e-mail (taken atomically, so
 * the link cannot be used again), else, when the domain is provisionable, with OIDC_DEFAULT_ROLE.
 * Null when neither applies. A sign-in racing this one finds the account it made (provisioned false).
 */
async function createAccount({
  email,
  name,
  issuer,
  subject,
  provisionable,
}: {
  email: string;
  name: string | null;
  issuer: string;
  subject: string;
  provisionable: boolean;
}) {
  const displayName = name?.trim().slice(0, 100) || null;
  try {
    const user = await db().$transaction(async (tx) => {
      const [invite] = await tx.invite.updateManyAndReturn({
        where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        data: { acceptedAt: new Date() },
      });
      if (!invite && !provisionable) return null;
      const role = invite?.role ?? env().OIDC_DEFAULT_ROLE;
      const created = await tx.user.create({ data: { email, name: displayName, role, passwordHash: null, ssoIssuer: issuer, ssoSubject: subject } });
      await recordAudit(tx, {
        actor: { id: created.id, label: created.email },
        action: "user.joined",
        target: { type: "user", id: created.id, name: created.email },
        details: { role, via: invite ? "single sign-on, invited" : "single sign-on, provisioned by e-mail domain" },
      });
      return created;
    });
    return user && { user, provisioned: true };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    return { user: await db().user.findUniqueOrThrow({ where: { email } }), provisioned: false };
  }
}

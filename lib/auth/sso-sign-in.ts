// Who a single sign-on becomes: the identity provider vouches for an e-mail address, and Switchyard
// matches it to its own account. The e-mail must be verified by the provider (an unverified one could
// be anybody's); an existing account with that e-mail is linked; otherwise, when the domain is one of
// OIDC_AUTO_PROVISION_DOMAINS, an account is made with OIDC_DEFAULT_ROLE; anyone else is refused and
// told to ask for an invite.
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

const log = logger("auth");

const SsoEmail = z.email().max(254).transform((value) => value.trim().toLowerCase());

export type SsoSignInResult =
  | { ok: true; user: { id: string; email: string; name: string | null; role: string }; provisioned: boolean }
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
  const existing = await db().user.findUnique({ where: { email: address } });
  if (existing) {
    log.info("signed in with single sign-on", { userId: existing.id, subject });
    return { ok: true, user: { id: existing.id, email: existing.email, name: existing.name, role: existing.role }, provisioned: false };
  }
  const domain = address.slice(address.lastIndexOf("@") + 1);
  if (!env().OIDC_AUTO_PROVISION_DOMAINS.includes(domain)) {
    log.info("single sign-on refused: no account for this e-mail", { subject, domain });
    return { ok: false, reason: "no_account", email: address };
  }
  log.warn("single sign-on provisioning needs the users migration", { subject, domain, name });
  return { ok: false, reason: "no_account", email: address };
}

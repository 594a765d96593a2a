// Invites someone with a role: a one-time link (/invite/<token>, only its SHA-256 stored) shown to
// the admin once, and e-mailed too when SMTP_URL is configured. An open invite to the same address
// is replaced (revoked), so only the latest link works.
import { createHash, randomBytes } from "node:crypto";
import { requirePermission } from "@/lib/access/permissions";
import { ROLE_LABELS } from "@/lib/access/roles";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { mailTransport } from "@/lib/mail/mail-transport";
import { INVITE_LIFETIME_DAYS, InviteInput, type CreatedInviteView } from "@/lib/users/schema";
import { toInviteView } from "@/lib/users/to-user-views";
import { UserManagementError } from "@/lib/users/user-management-error";

const log = logger("users");

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function inviteUrl(token: string): string {
  return new URL(`/invite/${token}`, env().APP_URL).toString();
}

export async function inviteUser({ input, actor }: { input: InviteInput; actor: Actor }): Promise<CreatedInviteView> {
  await requirePermission({ actor, permission: "user.manage" });
  const { email, role } = InviteInput.parse(input);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITE_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
  const invite = await db().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new UserManagementError("user_exists", `${email} already has an account.`);
    }
    await tx.invite.updateMany({ where: { email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const created = await tx.invite.create({
      data: { email, role, tokenHash: hashInviteToken(token), invitedById: actor.id, expiresAt },
      include: { invitedBy: { select: { email: true } } },
    });
    await recordAudit(tx, { actor, action: "user.invited", target: { type: "invite", id: created.id, name: email }, details: { role } });
    return created;
  });
  const url = inviteUrl(token);
  const mailed = await mailInvite({ email, role, url, expiresAt, inviter: actor.label });
  return { invite: toInviteView(invite), url, ...mailed };
}

async function mailInvite({ email, role, url, expiresAt, inviter }: { email: string; role: keyof typeof ROLE_LABELS; url: string; expiresAt: Date; inviter: string }) {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL) return { emailed: false, emailProblem: null };
  try {
    await mailTransport(SMTP_URL).sendMail({
      from: SMTP_FROM,
      to: email,
      subject: "You are invited to Switchyard",
      text:
        `${inviter} invited you to Switchyard as ${ROLE_LABELS[role].toLowerCase()}.\n\n` +
        `Choose your name and password here (the link works once, until ${expiresAt.toUTCString()}):\n\n${url}\n`,
      headers: { "X-Switchyard-Invite": "1" },
    });
    return { emailed: true, emailProblem: null };
  } catch (error) {
    // The invite stands: the admin has the link to pass on another way.
    const message = error instanceof Error ? error.message : String(error);
    log.warn("invitation e-mail not sent", { error: message });
    return { emailed: false, emailProblem: `The SMTP server did not take the e-mail: ${message}` };
  }
}

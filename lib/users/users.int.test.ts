// People: invitations (link shown once, e-mailed through a real SMTP server), accepting them once
// before they expire, role changes and disabling that end sessions, removal, and the last admin kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPermission } from "@/lib/access/permissions";
import { actorOf } from "@/lib/audit/actor";
import { checkSession } from "@/lib/auth/active-session-user";
import { authenticate } from "@/lib/auth/authenticate";
import { db, disconnectDb } from "@/lib/db";
import { closeMailTransport } from "@/lib/mail/mail-transport";
import { createTestUser } from "@/lib/testing/factories";
import { startSmtpSink, subjectOf, type SmtpSink } from "@/lib/testing/smtp-sink";
import { acceptInvite, findInvite } from "@/lib/users/accept-invite";
import { inviteUser } from "@/lib/users/invite-user";
import { listInvites, listUsers } from "@/lib/users/list-users";
import { removeUser } from "@/lib/users/remove-user";
import { revokeInvite } from "@/lib/users/revoke-invite";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";
import { updateUser } from "@/lib/users/update-user";
import { UserManagementError } from "@/lib/users/user-management-error";

let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  // Read by lib/env on first use, which is after this.
  process.env.SMTP_URL = smtp.url;
});

afterAll(async () => {
  closeMailTransport();
  await smtp.close();
  await disconnectDb();
});

const tokenOf = (url: string) => url.split("/invite/")[1] ?? "";
const email = () => `new-${Math.random().toString(36).slice(2, 10)}@example.test`;
const PASSWORD = "correct horse battery";

describe("invitations", () => {
  it("make a one-time link, e-mailed, that creates the user with the invited role once", async () => {
    const admin = actorOf(await createTestUser({ role: "admin" }));
    const address = email();
    const created = await inviteUser({ input: { email: address.toUpperCase(), role: "operator" }, actor: admin });
    expect(created).toMatchObject({ emailed: true, emailProblem: null, invite: { email: address, role: "operator", status: "open" } });
    const mail = smtp.mails.find((candidate) => candidate.to.includes(address));
    expect(mail && subjectOf(mail)).toBe("You are invited to Switchyard");
    expect(mail?.body.replace(/=\r\n/g, "")).toContain(created.url);
    expect(await db().invite.count({ where: { tokenHash: tokenOf(created.url) } })).toBe(0);

    expect(await findInvite({ token: tokenOf(created.url) })).toMatchObject({ ok: true, invite: { email: address, role: "operator" } });
    const user = await acceptInvite({ token: tokenOf(created.url), input: { name: "New Operator", password: PASSWORD } });
    expect((await listUsers()).find((listed) => listed.id === user.id)).toMatchObject({ role: "operator", status: "active", hasPassword: true, lastSignInAt: null });
    await expect(acceptInvite({ token: tokenOf(created.url), input: { name: "Again", password: PASSWORD } })).rejects.toThrow(/already been used/);
    expect(await findInvite({ token: tokenOf(created.url) })).toEqual({ ok: false, reason: "accepted" });

    const signedIn = await authenticate({ email: address, password: PASSWORD, address: `test-${address}` });
    expect(signedIn).toMatchObject({ ok: true, user: { id: user.id, role: "operator" } });
    expect((await listUsers()).find((listed) => listed.id === user.id)?.lastSignInAt).not.toBeNull();
  });

  it("refuse an expired, a withdrawn and a replaced link, and an address that has an account", async () => {
    const admin = actorOf(await createTestUser({ role: "admin" }));
    const expired = await inviteUser({ input: { email: email(), role: "viewer" }, actor: admin });
    await db().invite.update({ where: { id: expired.invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvite({ token: tokenOf(expired.url), input: { name: "Late", password: PASSWORD } })).rejects.toThrow(/expired/);

    const withdrawn = await inviteUser({ input: { email: email(), role: "viewer" }, actor: admin });
    expect((await revokeInvite({ id: withdrawn.invite.id, actor: admin }))?.status).toBe("revoked");
    await expect(acceptInvite({ token: tokenOf(withdrawn.url), input: { name: "No", password: PASSWORD } })).rejects.toThrow(/withdrawn/);

    const address = email();
    const first = await inviteUser({ input: { email: address, role: "viewer" }, actor: admin });
    const second = await inviteUser({ input: { email: address, role: "admin" }, actor: admin });
    expect(await findInvite({ token: tokenOf(first.url) })).toEqual({ ok: false, reason: "revoked" });
    expect((await listInvites()).filter((invite) => invite.email === address).map((invite) => invite.status)).toEqual(["open", "revoked"]);
    expect(await findInvite({ token: tokenOf(second.url) })).toMatchObject({ ok: true, invite: { role: "admin" } });
    expect(await findInvite({ token: "nonsense" })).toEqual({ ok: false, reason: "unknown" });

    const existing = await createTestUser({ role: "viewer" });
    await expect(inviteUser({ input: { email: existing.email, role: "viewer" }, actor: admin })).rejects.toBeInstanceOf(UserManagementError);
  });

  it("are an administrator's to send", async () => {
    const operator = actorOf(await createTestUser({ role: "operator" }));
    await expect(inviteUser({ input: { email: email(), role: "viewer" }, actor: operator })).rejects.toThrow("Only an administrator can manage users.");
  });
});

describe("users", () => {
  it("end a user's sessions when their role changes, they are disabled, or they sign out everywhere", async () => {
    const admin = actorOf(await createTestUser({ role: "admin" }));
    const user = await createTestUser({ role: "operator" });
    const version = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
    expect(await checkSession({ userId: user.id, sessionVersion: version })).toMatchObject({ ok: true, user: { role: "operator" } });

    await updateUser({ id: user.id, input: { role: "viewer" }, actor: admin });
    expect(await checkSession({ userId: user.id, sessionVersion: version })).toEqual({ ok: false, reason: "ended" });
    expect(await checkSession({ userId: user.id, sessionVersion: version + 1 })).toMatchObject({ ok: true, user: { role: "viewer" } });

    expect((await updateUser({ id: user.id, input: { disabled: true }, actor: admin }))?.status).toBe("disabled");
    expect(await checkSession({ userId: user.id, sessionVersion: version + 2 })).toEqual({ ok: false, reason: "disabled" });
    expect(await hasPermission({ actor: actorOf(user), permission: "delivery.retry" })).toBe(false);
    await updateUser({ id: user.id, input: { disabled: false }, actor: admin });
    expect(await checkSession({ userId: user.id, sessionVersion: version + 2 })).toMatchObject({ ok: true });

    await signOutEverywhere({ userId: user.id, actor: actorOf(user) });
    expect(await checkSession({ userId: user.id, sessionVersion: version + 2 })).toEqual({ ok: false, reason: "ended" });
    const actions = (await db().auditLog.findMany({ where: { targetId: user.id }, orderBy: { at: "asc" } })).map((row) => row.action);
    expect(actions).toEqual(["user.role_changed", "user.disabled", "user.enabled", "user.signed_out_everywhere"]);
  });

  it("refuse a disabled user's password sign-in with a reason, after the password is checked", async () => {
    const admin = actorOf(await createTestUser({ role: "admin" }));
    const address = email();
    const invite = await inviteUser({ input: { email: address, role: "viewer" }, actor: admin });
    const user = await acceptInvite({ token: tokenOf(invite.url), input: { name: "Soon off", password: PASSWORD } });
    await updateUser({ id: user.id, input: { disabled: true }, actor: admin });
    expect(await authenticate({ email: address, password: "wrong password!", address: `x-${address}` })).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await authenticate({ email: address, password: PASSWORD, address: `y-${address}` })).toEqual({ ok: false, reason: "disabled" });
  });

  it("keep the last active administrator: not demoted, disabled or removed", async () => {
    // Only the admins this test makes count: every other admin in the shared database is disabled meanwhile.
    const others = await db().user.findMany({ where: { role: "admin", disabledAt: null }, select: { id: true } });
    await db().user.updateMany({ where: { id: { in: others.map((other) => other.id) } }, data: { disabledAt: new Date() } });
    try {
      const first = await createTestUser({ role: "admin" });
      const second = await createTestUser({ role: "admin" });
      const actor = actorOf(first);
      expect((await updateUser({ id: second.id, input: { role: "operator" }, actor }))?.role).toBe("operator");
      for (const attempt of [
        () => updateUser({ id: first.id, input: { role: "viewer" }, actor }),
        () => updateUser({ id: first.id, input: { disabled: true }, actor }),
        () => removeUser({ id: first.id, actor }),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ problem: "last_admin" });
      }
      expect((await removeUser({ id: second.id, actor }))?.id).toBe(second.id);
      expect(await db().user.findUnique({ where: { id: second.id } })).toBeNull();
    } finally {
      await db().user.updateMany({ where: { id: { in: others.map((other) => other.id) } }, data: { disabledAt: null } });
    }
  });
});

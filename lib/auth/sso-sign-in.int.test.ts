// The single sign-on decision against the real database: link, accept an invite, provision, refuse.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { hashPassword } from "@/lib/auth/password";
import { ssoSignIn } from "@/lib/auth/sso-sign-in";
import { updateUser } from "@/lib/users/update-user";
import { db, disconnectDb } from "@/lib/db";

const PROVISIONED = "sso-int.example";

beforeAll(() => {
  // Read by env() at its first call, which comes after this.
  process.env.OIDC_ISSUER = "http://localhost:1/issuer";
  process.env.OIDC_CLIENT_ID = "switchyard";
  process.env.OIDC_CLIENT_SECRET = "secret";
  process.env.OIDC_AUTO_PROVISION_DOMAINS = `other.example, ${PROVISIONED}`;
  process.env.OIDC_DEFAULT_ROLE = "operator";
});
afterAll(() => disconnectDb());

const random = () => randomBytes(4).toString("hex");
const ISSUER = "http://localhost:1/issuer";
const identity = (email: string | null, emailVerified = true, subject = `sub-${random()}`, issuer = ISSUER) => ({ email, emailVerified, name: "Ada Lovelace", issuer, subject });

async function existingUser({ domain = "linked.example", disabled = false } = {}) {
  return db().user.create({
    data: { email: `user-${random()}@${domain}`, passwordHash: await hashPassword("correct horse battery"), role: "admin", disabledAt: disabled ? new Date() : null, sessionVersion: 3 },
  });
}

describe("ssoSignIn", () => {
  it("links a verified e-mail to its account, whatever its case, and records the sign-in", async () => {
    const user = await existingUser();
    const result = await ssoSignIn(identity(`  ${user.email.toUpperCase()} `));
    expect(result).toEqual({
      ok: true,
      provisioned: false,
      user: { id: user.id, email: user.email, name: null, role: "admin", sessionVersion: 3 },
    });
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lastSignInAt).not.toBeNull();
    // Linking changes nothing else: the password still works, the role is the account's.
    expect(after.passwordHash).toBe(user.passwordHash);
    expect(after.role).toBe("admin");
  });

  it("refuses an e-mail the provider has not verified, or no e-mail at all, even when an account has it", async () => {
    const user = await existingUser();
    expect(await ssoSignIn(identity(user.email, false))).toEqual({ ok: false, reason: "unverified_email" });
    expect(await ssoSignIn(identity(null))).toEqual({ ok: false, reason: "unverified_email" });
    expect(await ssoSignIn(identity("not an address"))).toEqual({ ok: false, reason: "unverified_email" });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).toBeNull();
  });

  it("refuses a disabled account and records nothing", async () => {
    const user = await existingUser({ disabled: true });
    expect(await ssoSignIn(identity(user.email))).toEqual({ ok: false, reason: "disabled" });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).toBeNull();
  });

  it("provisions an account without a password, with OIDC_DEFAULT_ROLE, for a provisioned domain; the next sign-in links it", async () => {
    const email = `new-${random()}@${PROVISIONED.toUpperCase()}`;
    const subject = `sub-${random()}`;
    const first = await ssoSignIn(identity(email, true, subject));
    expect(first).toMatchObject({ ok: true, provisioned: true, user: { email: email.toLowerCase(), name: "Ada Lovelace", role: "operator", sessionVersion: 0 } });
    const created = await db().user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(created).toMatchObject({ passwordHash: null, role: "operator", disabledAt: null });
    expect(created.lastSignInAt).not.toBeNull();

    const second = await ssoSignIn(identity(email, true, subject));
    expect(second).toMatchObject({ ok: true, provisioned: false, user: { id: created.id } });
    // No password was set, so none signs in.
    expect((await authenticate({ email: created.email, password: "", address: `198.51.100.${random()}` })).ok).toBe(false);
  });

  it("makes exactly one account when first sign-ins race", async () => {
    const email = `racer-${random()}@${PROVISIONED}`;
    const subject = `sub-${random()}`;
    const results = await Promise.all(Array.from({ length: 8 }, () => ssoSignIn(identity(email, true, subject))));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.filter((result) => result.ok && result.provisioned)).toHaveLength(1);
    expect(new Set(results.map((result) => (result.ok ? result.user.id : null))).size).toBe(1);
    expect(await db().user.count({ where: { email } })).toBe(1);
  });

  it("refuses an address outside the provisioned domains, subdomains and look-alikes included, and makes nothing", async () => {
    for (const email of [`x-${random()}@elsewhere.example`, `x-${random()}@eu.${PROVISIONED}`, `x-${random()}@not${PROVISIONED}`, `x-${random()}@${PROVISIONED}.evil.example`]) {
      expect(await ssoSignIn(identity(email))).toEqual({ ok: false, reason: "no_account", email });
      expect(await db().user.count({ where: { email } })).toBe(0);
    }
  });
  it("accepts an open invite for the e-mail: the account gets the invite's role, the invite is used up, the join is audited", async () => {
    const email = `invited-${random()}@elsewhere.example`;
    const invite = await db().invite.create({ data: { email, role: "admin", tokenHash: random() + random(), expiresAt: new Date(Date.now() + 3_600_000) } });
    const result = await ssoSignIn(identity(email));
    expect(result).toMatchObject({ ok: true, provisioned: true, user: { email, role: "admin" } });
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).acceptedAt).not.toBeNull();
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toBeNull();
    expect(await db().auditLog.findFirst({ where: { action: "user.joined", targetId: user.id } })).toMatchObject({ details: { role: "admin", via: "single sign-on, invited" } });
  });

  it("does not take an expired or withdrawn invite", async () => {
    for (const state of [{ expiresAt: new Date(Date.now() - 1000) }, { expiresAt: new Date(Date.now() + 3_600_000), revokedAt: new Date() }]) {
      const email = `late-${random()}@elsewhere.example`;
      await db().invite.create({ data: { email, role: "operator", tokenHash: random() + random(), ...state } });
      expect(await ssoSignIn(identity(email))).toEqual({ ok: false, reason: "no_account", email });
      expect(await db().user.count({ where: { email } })).toBe(0);
    }
  });

  describe("binding an account to its identity at the provider", () => {
    it("binds at the first link; the same identity opens the same account after its e-mail changed at the provider", async () => {
      const user = await existingUser();
      const subject = `sub-${random()}`;
      expect(await ssoSignIn(identity(user.email, true, subject))).toMatchObject({ ok: true, user: { id: user.id } });
      expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ ssoIssuer: ISSUER, ssoSubject: subject });

      const renamed = await ssoSignIn(identity(`renamed-${random()}@elsewhere.example`, true, subject));
      expect(renamed).toMatchObject({ ok: true, provisioned: false, user: { id: user.id, email: user.email } });
      // The account keeps its own address: the provider's new one is not copied over.
      expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    });

    it("refuses another identity of the same provider that now reports the account's e-mail, and changes nothing", async () => {
      const user = await existingUser();
      const owner = `sub-${random()}`;
      await ssoSignIn(identity(user.email, true, owner));
      const before = await db().user.findUniqueOrThrow({ where: { id: user.id } });

      expect(await ssoSignIn(identity(user.email, true, `sub-${random()}`))).toEqual({ ok: false, reason: "identity_mismatch", email: user.email });
      const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
      expect(after.ssoSubject).toBe(owner);
      expect(after.lastSignInAt).toEqual(before.lastSignInAt);
    });

    it("lets exactly one of two identities racing for one unbound account have it", async () => {
      const user = await existingUser();
      const results = await Promise.all([`sub-a-${random()}`, `sub-b-${random()}`].map((subject) => ssoSignIn(identity(user.email, true, subject))));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.reason === "identity_mismatch")).toHaveLength(1);
    });

    it("binds anew when the instance moved to another provider (issuer)", async () => {
      const user = await existingUser();
      await ssoSignIn(identity(user.email, true, `sub-${random()}`, "https://old-idp.example"));
      const subject = `sub-${random()}`;
      expect(await ssoSignIn(identity(user.email, true, subject))).toMatchObject({ ok: true, user: { id: user.id } });
      expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ ssoIssuer: ISSUER, ssoSubject: subject });
    });

    it("after an administrator unlinks it, the next verified sign-in binds it again; the unlinking ends sessions and is audited", async () => {
      const admin = await existingUser();
      const user = await existingUser();
      await ssoSignIn(identity(user.email, true, `sub-old-${random()}`));
      const view = await updateUser({ id: user.id, input: { ssoLinked: false }, actor: { id: admin.id, label: admin.email } });
      expect(view).toMatchObject({ ssoLinked: false });
      const unlinked = await db().user.findUniqueOrThrow({ where: { id: user.id } });
      expect(unlinked).toMatchObject({ ssoIssuer: null, ssoSubject: null, sessionVersion: user.sessionVersion + 1 });
      expect(await db().auditLog.findFirst({ where: { action: "user.sso_unlinked", targetId: user.id } })).not.toBeNull();

      const subject = `sub-new-${random()}`;
      expect(await ssoSignIn(identity(user.email, true, subject))).toMatchObject({ ok: true, user: { id: user.id } });
      expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).ssoSubject).toBe(subject);
    });
  });
});

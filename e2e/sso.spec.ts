// Single sign-on through a real OpenID Connect provider (oidc-provider, started by e2e/serve.ts on a
// loopback port with the test accounts of lib/testing/oidc-server.ts): the browser leaves for the
// provider's own sign-in page, comes back through /api/auth/callback/oidc, and is signed in, or is
// told on /login why not.
import { expect, test, type Page } from "@playwright/test";
import { OIDC_TEST_ACCOUNTS, type OidcTestAccount } from "@/lib/testing/oidc-accounts";
import { admin } from "./fixtures";

test.use({ storageState: { cookies: [], origins: [] } });

/** From /login through the provider's sign-in page, as the given account. */
async function signInAtProvider(page: Page, account: OidcTestAccount, callbackUrl = "/") {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await page.locator('input[name="login"]').fill(account.login);
  await page.locator('input[name="password"]').fill("any password: the test provider does not check it");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("the sign-in page offers single sign-on beside the password form", async ({ page }, testInfo) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in with Test IdP" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByText("or with your email and password")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("login-with-sso.png"), fullPage: true });
});

test("a verified e-mail with an account signs in through the provider and lands on the dashboard", async ({ page, baseURL }) => {
  await signInAtProvider(page, OIDC_TEST_ACCOUNTS.admin, "/sources");
  await expect(page.getByRole("heading", { name: "Sources", exact: true })).toBeVisible();
  expect(page.url()).toBe(`${baseURL}/sources`);
  // The session is the administrator's own account, as a password sign-in would give.
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(admin.email);
  const sources = await page.request.get("/api/v1/sources");
  expect(sources.status()).toBe(200);
});

test("a verified e-mail in a provisioned domain gets an account with the default role at its first sign-in", async ({ page }) => {
  await signInAtProvider(page, OIDC_TEST_ACCOUNTS.newcomer, "/events");
  await expect(page.getByRole("heading", { name: "Events", exact: true })).toBeVisible();
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string; name?: string; role?: string } };
  expect(session.user).toMatchObject({ email: OIDC_TEST_ACCOUNTS.newcomer.email, name: OIDC_TEST_ACCOUNTS.newcomer.name, role: "viewer" });
});

test("an invited e-mail accepts its invite through single sign-on; disabling the account ends that session at the next request", async ({ page, browser }, testInfo) => {
  const adminContext = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
  const api = adminContext.request;
  const invited = await api.post("/api/v1/invites", { data: { email: OIDC_TEST_ACCOUNTS.invitee.email, role: "operator" } });
  expect(invited.status(), await invited.text()).toBe(201);
  const { data: created } = (await invited.json()) as { data: { url: string } };

  // The invitation link offers the provider beside the password form.
  await page.goto(created.url);
  await expect(page.getByText(`Sign in there as ${OIDC_TEST_ACCOUNTS.invitee.email}`)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("invite-with-sso.png"), fullPage: true });
  await page.getByRole("button", { name: "Join with Test IdP" }).click();
  await page.locator('input[name="login"]').fill(OIDC_TEST_ACCOUNTS.invitee.login);
  await page.locator('input[name="password"]').fill("any password: the test provider does not check it");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/events");
  await expect(page.getByRole("heading", { name: "Events", exact: true })).toBeVisible();
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { id?: string; role?: string } };
  expect(session.user).toMatchObject({ role: "operator" });
  const users = (await (await api.get("/api/v1/users")).json()) as { data: Array<{ id: string; email: string; role: string }> };
  const invitee = users.data.find((user) => user.email === OIDC_TEST_ACCOUNTS.invitee.email);
  expect(invitee).toMatchObject({ id: session.user?.id, role: "operator" });

  const disabled = await api.patch(`/api/v1/users/${invitee!.id}`, { data: { disabled: true } });
  expect(disabled.status(), await disabled.text()).toBe(200);
  await adminContext.close();

  await page.goto("/events");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toContainText("disabled");
  // Signing in through the provider again does not get past the disabled account.
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await expect(page).toHaveURL(/\/login\?error=account_disabled/);
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toHaveText("Your account has been disabled by an administrator. Ask one to enable it again.");
});

test("an e-mail without an account, outside the provisioned domains, is refused with a clear message", async ({ page }) => {
  await signInAtProvider(page, OIDC_TEST_ACCOUNTS.stranger);
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toHaveText("No Switchyard account for stranger@elsewhere.test; ask an administrator for an invite.");
  await page.goto("/sources");
  await expect(page).toHaveURL(/\/login/);
});

test("an e-mail the provider has not verified is refused, even though an account has it", async ({ page }) => {
  await signInAtProvider(page, OIDC_TEST_ACCOUNTS.unverified);
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toContainText("Your identity provider has not verified your e-mail address");
  await page.goto("/sources");
  await expect(page).toHaveURL(/\/login/);
});

test("an account stays with the identity it was linked to: another identity with its e-mail is refused until an admin unlinks it", async ({ page, browser }) => {
  const { holder, successor } = OIDC_TEST_ACCOUNTS;
  await signInAtProvider(page, holder, "/events");
  await expect(page.getByRole("heading", { name: "Events", exact: true })).toBeVisible();
  await page.context().clearCookies();

  // The provider now says another of its people has that e-mail (reassigned, or changed): no way in.
  await signInAtProvider(page, successor);
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toContainText(`The Switchyard account for ${holder.email} belongs to another identity`);

  // The administrator unlinks it on the Users page…
  const adminContext = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/settings/users");
  const row = adminPage.getByTestId("user-row").filter({ hasText: holder.email });
  await expect(row).toContainText("linked to a single sign-on identity");
  adminPage.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Unlink SSO" }).click();
  await expect(row.getByRole("status")).toContainText("Unlinked");
  await expect(row).not.toContainText("linked to a single sign-on identity");
  await adminContext.close();

  // …and the next verified sign-in links it to the identity that signs in (the provider remembers
  // the successor's session, so it sends the browser straight back).
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/events")}`);
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await expect(page.getByRole("heading", { name: "Events", exact: true })).toBeVisible();
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(holder.email);
});

import { expect, test } from "@playwright/test";
import { admin } from "./fixtures";

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("an unknown visitor gets the sign-in page, and API routes answer 401 JSON", async ({ page, request }) => {
    await page.goto("/events");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fevents$/);
    await expect(page.getByRole("heading", { name: "Sign in to Switchyard" })).toBeVisible();

    const api = await request.get("/api/v1/sources");
    expect(api.status()).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  test("a wrong password is refused with a clear message; the right one signs in and out", async ({ page }) => {
    await page.goto("/login?callbackUrl=%2Fsources");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toHaveText("The email or password is incorrect.");

    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Sources", exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/sources");
    await expect(page).toHaveURL(/\/login/);
  });

  test("before the page's script runs, the sign-in form is not sent, and never puts the password in a URL", async ({ browser, baseURL }) => {
    // A page whose script has not run yet (a slow phone, a click right after loading) is one with
    // script off: what the server's HTML does on its own.
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
    try {
      const page = await context.newPage();
      await page.goto("/login");
      await page.getByLabel("Email").fill(admin.email);
      await page.getByLabel("Password").fill("typed before the script ran");
      const signIn = page.getByRole("button", { name: "Sign in", exact: true });
      // Disabled, so neither a click nor Enter (implicit submission needs an enabled default button) sends it.
      await expect(signIn).toBeDisabled();
      // Even sent natively (here: the button enabled by hand), the form posts: its fields are not in the URL.
      await signIn.evaluate((button) => button.removeAttribute("disabled"));
      const [sent] = await Promise.all([page.waitForRequest((request) => request.isNavigationRequest() && request.method() === "POST"), page.getByLabel("Password").press("Enter")]);
      expect(new URL(sent.url()).search).not.toContain("password");
      expect(sent.postData()).toContain("typed+before+the+script+ran");
    } finally {
      await context.close();
    }
  });
});

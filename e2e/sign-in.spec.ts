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
});

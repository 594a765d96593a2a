// Getting around: on a phone (375 px) every section is one tap away behind Menu, with Sign out; and
// signing out returns to the host the browser used, not APP_URL's (here APP_URL says localhost).
import { expect, test } from "@playwright/test";
import { admin } from "./fixtures";

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the menu opens every section and closes on the way", async ({ page }) => {
    await page.goto("/");
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const section of ["Overview", "Events", "Deliveries", "Sources", "Destinations", "Settings"]) await expect(nav.getByRole("link", { name: section })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await nav.getByRole("link", { name: "Destinations" }).click();
    await expect(page.getByRole("heading", { name: "Destinations", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sign-out returns to the host in use", async ({ page, baseURL }) => {
    const other = (baseURL ?? "").replace("localhost", "127.0.0.1");
    await page.goto(`${other}/login`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${other}/login`);
  });
});

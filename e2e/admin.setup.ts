// First run: the first visitor is sent to set-up, creates the admin, and lands signed in.
// The session is saved for the other specs.
import { expect, test } from "@playwright/test";
import { admin } from "./fixtures";

test("first visit creates the admin account", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Switchyard" })).toBeVisible();

  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();

  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // Set-up is gone once an admin exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$|\/$/);

  await page.context().storageState({ path: "e2e/.auth/admin.json" });
});

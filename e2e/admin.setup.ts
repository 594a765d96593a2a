// First run: the first visitor is sent to set-up, which asks for the set-up code the launcher printed
// in its start log (e2e/serve.ts reads it there), creates the admin, and lands signed in. The session
// is saved for the other specs.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { admin } from "./fixtures";
import { SETUP_CODE_FILE } from "./setup-code-file";

test("first visit creates the admin account, with the set-up code from the start log", async ({ page, request }) => {
  // The set-up and sign-in pages run under the Content-Security-Policy too (proxy.ts): nothing refused.
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/content security policy|refused to/i.test(message.text())) refused.push(message.text());
  });
  const setupCode = readFileSync(SETUP_CODE_FILE, "utf8").trim();
  expect(setupCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Switchyard" })).toBeVisible();
  // The page says where the code is.
  await expect(page.getByText("No administrator yet").first()).toBeVisible();

  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Enter the set-up code from the start log")).toBeVisible();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();

  // A wrong code is refused by the server, under its field, and nothing is created.
  await page.getByLabel("Set-up code").fill("0000-0000-0000-0000");
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("This is not the set-up code")).toBeVisible();

  // Malformed set-up requests are answered 400 with a stable code, never 500.
  const malformed = await request.post("/api/v1/setup", { headers: { "content-type": "text/plain" }, data: "a=b" });
  expect(malformed.status()).toBe(400);
  expect(await malformed.json()).toMatchObject({ error: { code: "invalid_json" } });
  // The page has no server action any more: a request posing as one is not a server error either.
  const posing = await request.post("/setup", { headers: { "next-action": "7f".repeat(21), "content-type": "text/plain;charset=UTF-8" }, data: '["$K1"]' });
  expect(Math.floor(posing.status() / 100), `POST /setup as a server action answered ${posing.status()}`).toBe(4);

  // Typed as a person might: lower case, spaces for dashes.
  await page.getByLabel("Set-up code").fill(setupCode.toLowerCase().replaceAll("-", " "));
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // Set-up is gone once an admin exists, and the code with it.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$|\/$/);
  const again = await request.post("/api/v1/setup", { data: { setupCode, email: "eve@e2e.test", password: "another long password" } });
  expect(again.status()).toBe(409);
  expect(await again.json()).toMatchObject({ error: { code: "setup_already_done" } });

  expect(refused).toEqual([]);
  await page.context().storageState({ path: "e2e/.auth/admin.json" });
});

// The audit log: changes made in the dashboard and with an API token, listed under Settings with
// who made them, linked to what still exists; and the retention setting shown beside it.
import { expect, test } from "@playwright/test";
import { admin } from "./fixtures";

test("Settings lists who changed what, from the dashboard and the API, and says how long data is kept", async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.goto("/settings");
  await page.getByLabel("Token name").fill("audit e2e");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-api-token-value").textContent())?.trim() ?? "";

  const withToken = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const made = await withToken.post("/api/v1/sources", { data: { name: "Made by the audit token" } });
  expect(made.status()).toBe(201);
  const { data: source } = (await made.json()) as { data: { id: string } };
  await withToken.dispose();
  // With the dashboard's session: a source that is gone again.
  const shortLived = (await (
    await page.request.post("/api/v1/sources", { data: { name: "Short-lived source" } })
  ).json()) as { data: { id: string } };
  expect((await page.request.delete(`/api/v1/sources/${shortLived.data.id}`)).status()).toBe(200);

  await page.goto("/settings");
  await expect(page.getByTestId("retention-settings")).toContainText("Events older than 30 days are deleted hourly");
  await expect(page.getByTestId("retention-settings")).toContainText("RETENTION_DAYS");
  await page.getByRole("link", { name: "View the whole log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  const log = page.getByTestId("audit-log");
  const deleted = log.getByRole("row").filter({ hasText: "Short-lived source" }).filter({ hasText: "Deleted source" });
  await expect(deleted).toContainText(admin.email);
  await expect(deleted).toContainText("(deleted)");
  await expect(deleted.getByRole("link")).toHaveCount(0);

  const created = log.getByRole("row").filter({ hasText: "Made by the audit token" });
  await expect(created).toContainText("Created source");
  await expect(created).toContainText(`API token “audit e2e” (${admin.email})`);
  await created.getByRole("link", { name: "Made by the audit token" }).click();
  await expect(page).toHaveURL(new RegExp(`/sources/${source.id}$`));

  await page.goto("/settings/audit");
  await expect(
    log.getByRole("row").filter({ hasText: "Created API token" }).filter({ hasText: "audit e2e" }),
  ).toBeVisible();
  await page.getByRole("navigation", { name: "Show entries about" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveURL(/\/settings\/audit\?type=api_token$/);
  await expect(log.getByRole("row").filter({ hasText: "Created API token" }).first()).toBeVisible();
  await expect(log.getByRole("row").filter({ hasText: "Created source" })).toHaveCount(0);

  // A page link that no longer makes sense says so.
  await page.goto("/settings/audit?before=garbage");
  await expect(page.getByText("This page link is no longer valid")).toBeVisible();
});

// The walking skeleton: create a source in the UI, send it a webhook, see the event listed and
// routed by the worker, and open it.
import { expect, test } from "@playwright/test";
import { postWebhook } from "./fixtures";

test("a webhook sent to a new source is stored, routed and shown", async ({ page }) => {
  await page.goto("/sources");
  await page.getByRole("link", { name: "New source" }).click();
  await expect(page.getByRole("heading", { name: "New source" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByText("Give the source a name")).toBeVisible();

  const name = `Helpdesk ${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  // The scheme stays "none": this sender signs nothing.
  await expect(page.getByRole("radio", { name: "None: don't verify" })).toBeChecked();
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const ingestUrl = (await page.getByTestId("ingest-url").textContent())?.trim() ?? "";
  expect(ingestUrl).toMatch(/\/in\/[A-Za-z0-9_-]{32}$/);

  const response = await postWebhook(ingestUrl, { type: "ticket.created", ticket: { subject: "Printer on fire" } });
  expect(response.status).toBe(200);

  await page.goto("/events");
  const row = page.getByTestId("event-rows").getByRole("row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  // The worker routes it within moments; the list is not live yet, so look again until it has.
  await expect(async () => {
    await page.reload();
    await expect(row.getByText("no rule matched")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  await row.getByRole("link").click();
  // Titled by its summary: an unsigned source names events by a type-like field.
  await expect(page.getByRole("heading", { name: "ticket.created" })).toBeVisible();
  await expect(page.getByTestId("event-body")).toContainText('"subject": "Printer on fire"');
  await expect(page.getByText("POST application/json")).toBeVisible();

  const unknown = await postWebhook(ingestUrl.replace(/[^/]+$/, "not-a-real-key"), {});
  expect(unknown.status).toBe(404);
});

// The events list filtered by the rule builder's conditions in their text form: the filter lives in
// the URL (reload = share), a parse error names its position, and "Create a rule from this filter"
// opens the rule builder with the same conditions.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { postWebhook } from "./fixtures";

test("filters events by rule conditions as text, shares them in the URL and starts a rule from them", async ({ page }) => {
  const stamp = randomBytes(4).toString("hex");
  const sourceName = `Conditions ${stamp}`;
  const source = await page.request.post("/api/v1/sources", { data: { name: sourceName, scheme: "none" } });
  expect(source.status()).toBe(201);
  const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;
  for (const [name, priority] of [
    ["ada", "high"],
    ["grace", "low"],
    ["linus", "urgent"],
  ] as const) {
    const response = await postWebhook(ingestUrl, { type: "ticket.created", data: { customer: { email: `${name}-${stamp}@Example.com` }, priority } });
    expect(response.status).toBe(200);
  }
  const rows = page.getByTestId("event-rows").getByRole("row");

  await page.goto("/events");
  await page.getByLabel("Source", { exact: true }).selectOption({ label: sourceName });
  // Text search ignores case, as in rules; "in" takes a list.
  const where = 'body.data.customer.email ends with "@EXAMPLE.COM" and body.data.priority in ("high", "urgent")';
  await page.getByLabel("Conditions (as in rules)", { exact: true }).fill(where);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/where=body.data.customer.email/);
  await expect(rows).toHaveCount(2);
  await page.screenshot({ path: "test-results/condition-filter-list.png", fullPage: true });

  // The URL is the filter.
  const shared = page.url();
  await page.goto("/events");
  await page.goto(shared);
  await expect(rows).toHaveCount(2);
  await expect(page.getByLabel("Conditions (as in rules)", { exact: true })).toHaveValue(where);

  // Edited text that does not parse is explained with its position; the rest of the filter still applies.
  await page.getByLabel("Conditions (as in rules)", { exact: true }).fill("body.data.priority = high or");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("filter-errors")).toContainText('Conditions: Expected a condition after "or" at character 27');
  await expect(rows).toHaveCount(3);

  // Back to the good filter, then a rule from it: the builder opens with those conditions.
  await page.goto(shared);
  await page.getByRole("link", { name: "Create a rule from this filter" }).click();
  await expect(page).toHaveURL(new RegExp(`/sources/${sourceId}/rules/new\\?where=`));
  await expect(page.getByRole("heading", { name: "New rule" })).toBeVisible();
  const builder = page.locator("main");
  await expect(builder.locator('input[value="@EXAMPLE.COM"]')).toHaveCount(1);
  await page.screenshot({ path: "test-results/condition-filter-rule.png", fullPage: true });
});

// The rule builder, with the UI only: a source receives one webhook, then a rule "priority is high
// AND subject contains 'fire' → add tag urgent" is built from the fields seen in it, tested live
// against that event, backtested, saved, and reordered with a second rule.
import { expect, test } from "@playwright/test";
import { pickField, postWebhook } from "./fixtures";


test("build, test, backtest, save and reorder a rule", async ({ page }) => {
  const sourceName = `Desk ${Date.now()}`;

  // A source without verification, created in the UI.
  await page.goto("/sources/new");
  await page.getByLabel("Name", { exact: true }).fill(sourceName);
  await page.getByRole("radio", { name: "None: don't verify" }).check();
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("heading", { name: sourceName })).toBeVisible();
  const ingestUrl = (await page.getByTestId("ingest-url").textContent())?.trim() ?? "";

  // One matching webhook, so the field picker knows the source's fields.
  const response = await postWebhook(ingestUrl, { priority: "high", subject: "Server room on FIRE", requester: { email: "ops@example.com" } });
  expect(response.status).toBe(200);

  // With no rule yet, "Create a rule" opens the builder itself.
  await page.getByRole("link", { name: "Create a rule" }).click();
  await expect(page.getByRole("heading", { name: "New rule" })).toBeVisible();

  await page.getByLabel("Rule name").fill("Urgent fires");

  // Condition 1: body.priority = high
  await page.getByRole("button", { name: "Add condition" }).click();
  await pickField(page, 1, "prio", "body.priority");
  await page.getByLabel("Operator of condition 1").selectOption("=");
  await page.getByLabel("Value of condition 1").fill("high");

  // Condition 2: body.subject contains fire
  await page.getByRole("button", { name: "Add condition" }).click();
  await pickField(page, 2, "subj", "body.subject");
  await page.getByLabel("Operator of condition 2").selectOption({ label: "contains" });
  await page.getByLabel("Value of condition 2").fill("fire");
  await expect(page.getByLabel("Match", { exact: true })).toHaveValue("and");

  // Action: add tag urgent
  await page.getByRole("group", { name: "Add an action" }).getByRole("button", { name: "Add tags" }).click();
  const tags = page.getByLabel("Tags for action 1");
  await tags.fill("urgent");
  await tags.press("Enter");
  await expect(page.getByRole("button", { name: "Remove urgent" })).toBeVisible();

  // The live test runs the draft against the event just sent.
  const testPanel = page.getByRole("region", { name: "Test against an event" });
  await expect(testPanel.getByTestId("test-verdict")).toHaveText("Matches");
  await expect(testPanel.getByTestId("trace-condition")).toHaveCount(2);
  await expect(testPanel.getByText("Tags: urgent")).toBeVisible();

  // A condition that fails shows why, then back.
  await page.getByLabel("Value of condition 1").fill("low");
  await expect(testPanel.getByTestId("test-verdict")).toHaveText("Does not match");
  await page.getByLabel("Value of condition 1").fill("high");
  await expect(testPanel.getByTestId("test-verdict")).toHaveText("Matches");

  // Backtest the unsaved draft over history.
  const backtest = page.getByRole("region", { name: "Backtest" });
  await expect(backtest.getByLabel("Events to test")).toHaveValue("1000");
  await backtest.getByRole("button", { name: "Run backtest" }).click();
  await expect(backtest.getByRole("status")).toContainText("Matched 1 of 1");

  // Save: version 1.
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText("Rule created as version 1")).toBeVisible();
  await expect(page).toHaveURL(/\/rules\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { name: /Urgent fires/ })).toBeVisible();
  await expect(page.getByText("Version 1", { exact: true })).toBeVisible();

  // A second rule, after the first.
  await page.getByRole("link", { name: /Rules for/ }).click();
  await page.getByRole("link", { name: "New rule" }).click();
  await page.getByLabel("Rule name").fill("Everything else");
  await page.getByRole("group", { name: "Add an action" }).getByRole("button", { name: "Add tags" }).click();
  await page.getByLabel("Tags for action 1").fill("seen");
  await page.getByLabel("Tags for action 1").press("Enter");
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText("Rule created as version 1")).toBeVisible();
  await page.getByRole("link", { name: /Rules for/ }).click();

  const rules = page.getByRole("list", { name: "Rules in evaluation order" }).getByTestId("rule-row");
  await expect(rules).toHaveCount(2);
  await expect(rules.nth(0)).toContainText("Urgent fires");
  await expect(rules.nth(0)).toContainText("body.priority = “high” AND body.subject contains “fire”");
  await expect(rules.nth(0)).toContainText("tag urgent");

  // Reorder with the buttons...
  await page.getByRole("button", { name: "Move Everything else up" }).click();
  await expect(page.getByText("Order saved: Everything else is now rule 1 of 2.")).toBeAttached();
  await expect(rules.nth(0)).toContainText("Everything else");
  await page.reload();
  await expect(rules.nth(0)).toContainText("Everything else");

  // ...and back with the keyboard on the drag handle.
  // (The drag instructions are mounted once the page is interactive.)
  await expect(page.getByText("To reorder, press Space or Enter to pick the rule up")).toBeAttached();
  await page.getByRole("button", { name: "Drag to reorder Urgent fires" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByText("Urgent fires is over position 2 of 2.")).toBeAttached();
  // An arrow pressed the moment the rule is picked up can be lost while dnd-kit still measures the
  // list (a known race in its keyboard sensor, clauderic/dnd-kit#745); a person presses it again, and
  // so does this. Up from the top does nothing, so a second press cannot overshoot.
  await expect(async () => {
    await page.keyboard.press("ArrowUp");
    await expect(page.getByText("Urgent fires is over position 1 of 2.")).toBeAttached({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.press("Space");
  await expect(page.getByText("Order saved: Urgent fires is now rule 1 of 2.")).toBeAttached();
  await page.reload();
  await expect(rules.nth(0)).toContainText("Urgent fires");
  await expect(rules.nth(1)).toContainText("Everything else");
});

// The builder's edges: body fields first and paths never cut off, the sample values one click
// away, the keyboard following "Add condition", array elements picked by their id, and the same
// operator words in the builder, the live test and the event's routing trace.
test("array elements by id, sample values, focus and the builder's words in every trace", async ({ page }) => {
  const sourceName = `Zendesk-like ${Date.now()}`;
  const created = await page.request.post("/api/v1/sources", { data: { name: sourceName, scheme: "none" } });
  const { id: sourceId, ingestUrl } = ((await created.json()) as { data: { id: string; ingestUrl: string } }).data;
  const ticket = (fields: Array<{ id: number; value: string }>) => ({ ticket: { id: 1, priority: "high", custom_fields: fields } });
  expect((await postWebhook(ingestUrl, ticket([{ id: 360005, value: "x" }, { id: 360001, value: "refund" }]), { "x-request-id": "r1" })).status).toBe(200);

  await page.goto(`/sources/${sourceId}/rules/new`);
  await page.getByLabel("Rule name").fill("Refund requests");
  await page.getByRole("button", { name: "Add condition" }).click();
  const field = page.getByRole("combobox", { name: "Field of condition 1" });
  await expect(field).toBeFocused();

  // The body's fields come before the request's headers.
  await field.click();
  const options = page.getByRole("listbox", { name: "Field of condition 1 suggestions" }).getByRole("option");
  await expect(options.first()).toHaveText(/^body\./);
  const names = await options.allTextContents();
  expect(names.findIndex((name) => name.startsWith("headers."))).toBeGreaterThan(names.findIndex((name) => name.startsWith("body.ticket.custom_fields[id=360001].value")));
  await page.keyboard.press("Escape");

  // An element by its id, the path shown in full.
  await pickField(page, 1, "360001", "body.ticket.custom_fields[id=360001].value");
  await field.blur();
  await expect(field).toHaveAttribute("title", "body.ticket.custom_fields[id=360001].value");
  await expect(page.getByTestId("field-full-path")).toHaveText("body.ticket.custom_fields[id=360001].value");

  // The value the picker saw, one click away.
  await page.getByLabel("Operator of condition 1").selectOption({ label: "ends with" });
  await page.getByRole("button", { name: "Use “refund” for condition 1" }).click();
  await expect(page.getByLabel("Value of condition 1")).toHaveValue("refund");
  await page.getByLabel("Value of condition 1").fill("fund");

  const testPanel = page.getByRole("region", { name: "Test against an event" });
  await expect(testPanel.getByTestId("test-verdict")).toHaveText("Matches");
  await expect(testPanel.getByTestId("trace-condition")).toContainText("body.ticket.custom_fields[id=360001].value ends with");

  await page.getByRole("group", { name: "Add an action" }).getByRole("button", { name: "Add tags" }).click();
  await page.getByLabel("Tags for action 1").fill("refund");
  await page.getByLabel("Tags for action 1").press("Enter");
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText("Rule created as version 1")).toBeVisible();

  // The element moved: matched by its id all the same, and the trace reads as the builder does.
  const posted = await postWebhook(ingestUrl, ticket([{ id: 360001, value: "refund" }]));
  const { eventId } = (await posted.json()) as { eventId: string };
  await page.goto(`/events/${eventId}`);
  await expect(page.getByTestId("event-tags")).toContainText("refund");
  await expect(page.getByText("body.ticket.custom_fields[id=360001].value ends with \"fund\"")).toBeVisible();
  await expect(page.getByText("endsWith")).toHaveCount(0);
});

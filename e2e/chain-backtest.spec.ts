// The whole-chain backtest, in the browser: a source with two rules routes four named webhooks,
// then a rule is changed. The rules list shows each rule's matches and "Backtest all rules" says
// what the chain would now do differently (+1 Billing, −1 Urgent desk) with named examples; in the
// builder, a draft of the second rule is backtested in its place ("What changes if you save this").
import { expect, test } from "@playwright/test";
import { postWebhook } from "./fixtures";

type Json = Record<string, unknown>;

test("backtest the whole chain from the rules list and from the builder", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const api = async (method: string, path: string, data?: unknown): Promise<Json> => {
    const response = await page.request.fetch(`/api/v1${path}`, { method, ...(data === undefined ? {} : { data }) });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return ((await response.json()) as { data: Json }).data;
  };

  const billing = await api("POST", "/destinations", { name: `Billing ${stamp}`, url: "http://127.0.0.1:9/billing", allowPrivateNetwork: true });
  const desk = await api("POST", "/destinations", { name: `Urgent desk ${stamp}`, url: "http://127.0.0.1:9/desk", allowPrivateNetwork: true });
  const source = await api("POST", "/sources", { name: `Helpdesk ${stamp}`, summaryTemplate: "#{{ticket.id}} {{ticket.subject}}" });
  const priority = (value: string) => ({ field: "body.ticket.priority", operator: "=", value });
  const subject = (value: string) => ({ field: "body.ticket.subject", operator: "contains", value });
  const urgentRule = {
    name: "Urgent to the desk",
    conditions: { combinator: "and", rules: [priority("urgent")] },
    actions: [{ type: "forward", destinationIds: [desk.id] }, { type: "stop" }],
  };
  const urgent = await api("POST", `/sources/${String(source.id)}/rules`, urgentRule);
  await api("POST", `/sources/${String(source.id)}/rules`, {
    name: "Invoices to billing",
    conditions: { combinator: "and", rules: [subject("invoice")] },
    actions: [{ type: "forward", destinationIds: [billing.id] }, { type: "addTags", tags: ["billing"] }],
  });

  const tickets = [
    { id: 101, subject: "Invoice overdue", priority: "urgent" },
    { id: 102, subject: "Invoice copy", priority: "low" },
    { id: 103, subject: "Printer broken", priority: "urgent" },
    { id: 104, subject: "Refund invoice", priority: "normal" },
  ];
  for (const ticket of tickets) expect((await postWebhook(String(source.ingestUrl), { ticket })).status).toBe(200);
  // Routed by the worker: two deliveries to each destination.
  for (const destination of [billing, desk])
    await expect
      .poll(async () => ((await (await page.request.get(`/api/v1/deliveries?destination=${String(destination.id)}`)).json()) as { data: unknown[] }).data.length, { timeout: 30_000 })
      .toBe(2);

  // The urgent rule now takes only printers: #101 would no longer reach the desk, and would reach billing.
  await api("PATCH", `/rules/${String(urgent.id)}`, { ...urgentRule, conditions: { combinator: "and", rules: [priority("urgent"), subject("printer")] } });

  await page.goto(`/sources/${String(source.id)}/rules`);
  const rows = page.getByTestId("rule-row");
  await expect(rows).toHaveCount(2);
  // Each matched two of the four (the urgent rule stops before the billing one).
  for (const row of [0, 1]) await expect(rows.nth(row).getByTestId("rule-match-counts")).toHaveText("Matched 2 in the last hour · 2 in 24 hours · 2 in 7 days");

  const chain = page.getByTestId("chain-backtest");
  await expect(chain.getByRole("heading", { name: "Backtest all rules" })).toBeVisible();
  await chain.getByLabel("Window").selectOption("day");
  await chain.getByRole("button", { name: "Backtest all rules" }).click();
  const summary = chain.getByTestId("chain-summary");
  await expect(summary).toContainText(`+1 Billing ${stamp}`);
  await expect(summary).toContainText(`−1 Urgent desk ${stamp}`);
  await expect(summary).toContainText("+1 billing");
  await expect(chain.getByText("1 of 4 events scanned would be routed differently")).toBeVisible();
  const deskChange = chain.getByTestId("chain-change").filter({ hasText: `Urgent desk ${stamp}` });
  await expect(deskChange.getByRole("link", { name: "#101 Invoice overdue" })).toBeVisible();
  await page.screenshot({ path: "test-results/chain-backtest-rules-list.png", fullPage: true });

  // A window cut by the limit says so.
  await chain.getByLabel("At most").fill("2");
  await chain.getByRole("button", { name: "Backtest all rules" }).click();
  await expect(chain.getByTestId("chain-truncated")).toContainText("Cut at 2 events");

  // The builder: the billing rule also tags "finance"; in its place, against the saved chain.
  await page.getByRole("link", { name: "Invoices to billing" }).click();
  await expect(page.getByLabel("Rule name")).toHaveValue("Invoices to billing");
  const tags = page.getByLabel("Tags for action 2");
  await tags.fill("finance");
  await tags.press("Enter");
  const draftPanel = page.getByTestId("chain-backtest");
  await expect(draftPanel.getByRole("heading", { name: "What changes if you save this" })).toBeVisible();
  await draftPanel.getByRole("button", { name: "Backtest the chain" }).click();
  // #101 (no longer stopped by the urgent rule), #102 and #104 all reach this rule.
  await expect(draftPanel.getByTestId("chain-summary")).toHaveText("+3 finance");
  await expect(draftPanel.getByText("the draft as rule 2")).toBeVisible();
  await expect(draftPanel.getByRole("link", { name: "#104 Refund invoice" })).toBeVisible();
  await expect(draftPanel.getByRole("link", { name: "#101 Invoice overdue" })).toBeVisible();
  await draftPanel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/chain-backtest-builder.png", fullPage: true });

  // Opening an example goes to the event.
  await draftPanel.getByRole("link", { name: "#104 Refund invoice" }).click();
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
});

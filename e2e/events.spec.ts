// The events list's filters and replay. A source with a rule "priority high or urgent → forward to
// a local sink, tag hot" receives three tickets (high, low, urgent): the list is filtered by a
// payload query and by status through the filter form (the URL keeps the filter; chips remove it;
// a bad query is explained, not a crash). Then one event is replayed after the rule changed: the
// page shows the new run without a reload and the sink receives the event again. Then every
// matching event is replayed in bulk, after a confirmation that says how many. The audit log
// records who replayed what.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { admin, postWebhook } from "./fixtures";
import { startSink, type Sink } from "./sink";

let sink: Sink;
test.beforeEach(async () => {
  sink = await startSink();
});
test.afterEach(async () => {
  await sink.close();
});

interface Setup {
  stamp: string;
  sourceName: string;
  sourceId: string;
  ruleId: string;
  destinationId: string;
  eventIds: { ada: string; grace: string; linus: string };
}

const rule = (destinationId: string, tags: string[]) => ({
  name: "Hot tickets",
  conditions: {
    combinator: "and",
    rules: [{ field: "body.data.priority", operator: "in", value: ["high", "urgent"] }],
  },
  actions: [
    { type: "forward", destinationIds: [destinationId] },
    { type: "addTags", tags },
  ],
});

async function setUp(page: Page): Promise<Setup> {
  const stamp = randomBytes(4).toString("hex");
  // The dashboard's session cookie is accepted by /api/v1.
  const destination = await page.request.post("/api/v1/destinations", {
    data: { name: `Hot desk ${stamp}`, url: sink.url, allowPrivateNetwork: true },
  });
  expect(destination.status()).toBe(201);
  const destinationId = ((await destination.json()) as { data: { id: string } }).data.id;
  const sourceName = `Helpdesk ${stamp}`;
  const source = await page.request.post("/api/v1/sources", { data: { name: sourceName, scheme: "none" } });
  expect(source.status()).toBe(201);
  const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;
  const created = await page.request.post(`/api/v1/sources/${sourceId}/rules`, { data: rule(destinationId, ["hot"]) });
  expect(created.status()).toBe(201);
  const ruleId = ((await created.json()) as { data: { id: string } }).data.id;

  const send = async (name: string, priority: string) => {
    const response = await postWebhook(ingestUrl, {
      type: "ticket.created",
      data: { customer: { email: `${name}-${stamp}@example.com` }, priority },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { eventId: string }).eventId;
  };
  const eventIds = {
    ada: await send("ada", "high"),
    grace: await send("grace", "low"),
    linus: await send("linus", "urgent"),
  };
  // Routed by the worker: the two hot ones reach the sink.
  await expect.poll(() => sink.requests.length, { timeout: 15_000 }).toBe(2);
  return { stamp, sourceName, sourceId, ruleId, destinationId, eventIds };
}

test("filters the events list by conditions and status, in the URL", async ({ page }) => {
  const setup = await setUp(page);
  const rows = page.getByTestId("event-rows").getByRole("row");
  const conditionsText = async (text: string) => {
    await page.getByRole("button", { name: "Text", exact: true }).click();
    await page.getByLabel("Conditions as text", { exact: true }).fill(text);
  };

  await page.goto("/events");
  await page.getByLabel("Source", { exact: true }).selectOption({ label: setup.sourceName });
  await conditionsText(`body.data.customer.email = "ada-${setup.stamp}@example.com"`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`source=${setup.sourceId}.*where=body.data.customer.email`));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("hot");
  await expect(page.getByTestId("active-filters")).toContainText(
    `Conditions: body.data.customer.email = "ada-${setup.stamp}@example.com"`,
  );

  // Several values, and a status: only grace's ticket is low and matched no rule.
  await conditionsText('body.data.priority in ("high", "urgent", "low")');
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows).toHaveCount(3);
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "No rule matched" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=unmatched/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("no rule matched");
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Routed" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows).toHaveCount(2);

  // The URL is the filter: reloading (or sharing the link) shows the same list.
  await page.reload();
  await expect(rows).toHaveCount(2);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("routed");

  // A chip removes its filter.
  await page.getByRole("link", { name: "Remove filter Status" }).click();
  await expect(page).not.toHaveURL(/status=/);
  await expect(rows).toHaveCount(3);

  // A query that matches nothing says so; a query that does not parse is explained above the list.
  await conditionsText('body.data.customer.email = "nobody@example.com"');
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No events match these filters")).toBeVisible();
  await conditionsText("body.data.priority in high");
  await expect(page.getByTestId("condition-text-error")).toContainText('Expected "(" to start the list at character 23');
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("filter-errors")).toContainText('Conditions: Expected "(" to start the list at character 23');
  // Text that does not read stays as text, with the place marked.
  await expect(page.getByLabel("Conditions as text", { exact: true })).toHaveValue("body.data.priority in high");
  await expect(rows).toHaveCount(3); // the rest of the filter (the source) still applies

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/events$/);
});

test("replaying one event routes it through the current rules again and shows the new run", async ({ page }) => {
  const setup = await setUp(page);
  await page.goto(`/events/${setup.eventIds.ada}`);
  await expect(page.getByTestId("routing-run")).toHaveCount(1);
  await expect(page.getByTestId("event-tags")).toContainText("hot");

  // The rule changes; the replay uses the new version.
  const updated = await page.request.patch(`/api/v1/rules/${setup.ruleId}`, {
    data: rule(setup.destinationId, ["hot", "replayed"]),
  });
  expect(updated.status()).toBe(200);
  await page.getByRole("button", { name: "Replay", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Replay queued" })).toBeVisible();

  // The page follows the event live: the new run and the new tags appear without a reload.
  await expect(page.getByTestId("routing-run")).toHaveCount(2);
  await expect(page.getByTestId("routing-run").first()).toContainText("Replayed");
  await expect(page.getByTestId("event-tags")).toContainText("replayed");
  await expect.poll(() => sink.requests.length, { timeout: 15_000 }).toBe(3);
  expect(sink.requests.filter((request) => request.body.includes(`ada-${setup.stamp}`))).toHaveLength(2);

  await page.goto("/settings/audit?type=event");
  const entry = page.getByTestId("audit-log").getByRole("row").filter({ hasText: setup.sourceName });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Replayed event");
  await expect(entry).toContainText(admin.email);
  await entry.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/events/${setup.eventIds.ada}$`));
});

test("replaying every matching event asks first, says how many, and runs to the end", async ({ page }) => {
  const setup = await setUp(page);
  await page.goto(`/events?source=${setup.sourceId}&status=routed`);
  await expect(page.getByTestId("event-rows").getByRole("row")).toHaveCount(2);
  await page.getByRole("button", { name: "Replay 2 matching events" }).click();
  const dialog = page.getByRole("dialog", { name: "Replay 2 events?" });
  await expect(dialog).toContainText("Deliveries will be made again");
  await dialog.getByRole("button", { name: "Replay 2 events" }).click();

  await expect(page).toHaveURL(/operation=/);
  await expect(page.getByTestId("bulk-operation")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(page.getByTestId("bulk-operation-summary")).toContainText("Done: 2 replayed");
  await expect.poll(() => sink.requests.length, { timeout: 15_000 }).toBe(4);
});

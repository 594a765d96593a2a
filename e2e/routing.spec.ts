// The routing promise end to end, built in the browser only: a destination "Urgent desk" pointing
// at a local sink, and a rule "priority is high AND subject contains 'fire' → forward to Urgent
// desk, tag urgent". Of two ticket.created webhooks, only the matching one reaches the sink, signed
// the Standard Webhooks way; the event pages show the tags and the routing trace.
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { pickField, postWebhook } from "./fixtures";
import { startSink, type Sink } from "./sink";

let sink: Sink;
test.beforeAll(async () => {
  sink = await startSink();
});
test.afterAll(async () => {
  await sink.close();
});


test("a rule built in the builder forwards only matching events, signed, and the event shows why", async ({ page }) => {
  const stamp = Date.now();
  const destinationName = `Urgent desk ${stamp}`;
  const sourceName = `Helpdesk ${stamp}`;

  // The destination, pointing at the local sink.
  await page.goto("/destinations/new");
  await page.getByLabel("Name", { exact: true }).fill(destinationName);
  await page.getByLabel("URL", { exact: true }).fill(sink.url);
  await page.getByLabel("Allow private network").check();
  await page.getByRole("button", { name: "Create destination" }).click();
  await expect(page.getByRole("heading", { name: destinationName })).toBeVisible();
  const signingSecret = (await page.getByTestId("one-time-secret-value").textContent())?.trim() ?? "";
  expect(signingSecret).toMatch(/^whsec_/);
  await page.getByRole("button", { name: "I've saved it" }).click();

  // The source, and one sample webhook so the field picker knows its fields.
  await page.goto("/sources/new");
  await page.getByLabel("Name", { exact: true }).fill(sourceName);
  await page.getByRole("radio", { name: "None: don't verify" }).check();
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("heading", { name: sourceName })).toBeVisible();
  const ingestUrl = (await page.getByTestId("ingest-url").textContent())?.trim() ?? "";
  expect((await postWebhook(ingestUrl, { type: "ticket.created", priority: "low", subject: "Sample" })).status).toBe(200);
  await expect.poll(() => sink.requests.length).toBe(0);

  // The rule, with the builder only.
  await page.getByRole("link", { name: "Create a rule" }).click();
  await page.getByLabel("Rule name").fill("Urgent fires");
  await page.getByRole("button", { name: "Add condition" }).click();
  await pickField(page, 1, "prio", "body.priority");
  await page.getByLabel("Operator of condition 1").selectOption("=");
  await page.getByLabel("Value of condition 1").fill("high");
  await page.getByRole("button", { name: "Add condition" }).click();
  await pickField(page, 2, "subj", "body.subject");
  await page.getByLabel("Operator of condition 2").selectOption({ label: "contains" });
  await page.getByLabel("Value of condition 2").fill("fire");

  const addAction = page.getByRole("group", { name: "Add an action" });
  await addAction.getByRole("button", { name: "Forward to destinations" }).click();
  await page.getByRole("checkbox", { name: destinationName }).check();
  await addAction.getByRole("button", { name: "Add tags" }).click();
  const tags = page.getByLabel("Tags for action 2");
  await tags.fill("urgent");
  await tags.press("Enter");
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText("Rule created as version 1")).toBeVisible();

  // Two ticket.created webhooks: one matches, one does not.
  const matching = { type: "ticket.created", priority: "high", subject: "Printer on fire", id: `m-${stamp}` };
  const other = { type: "ticket.created", priority: "high", subject: "Password reset", id: `o-${stamp}` };
  const sent = await Promise.all([postWebhook(ingestUrl, matching), postWebhook(ingestUrl, other)]);
  expect(sent.map((response) => response.status)).toEqual([200, 200]);
  const [matchingEvent, otherEvent] = (await Promise.all(sent.map((response) => response.json()))) as Array<{ eventId: string }>;

  // Only the matching one arrives, signed with the destination's secret.
  await expect.poll(() => sink.requests.length, { timeout: 15_000 }).toBe(1);
  const [arrived] = sink.requests;
  expect(JSON.parse(arrived!.body)).toEqual(matching);
  const headers = Object.fromEntries(Object.entries(arrived!.headers).map(([name, value]) => [name, String(value)]));
  expect(new Webhook(signingSecret).verify(arrived!.body, headers)).toEqual(matching);

  // The matching event's page: tag, trace, delivery.
  await page.goto(`/events/${matchingEvent!.eventId}`);
  await expect(page.getByTestId("event-tags")).toContainText("urgent");
  const run = page.getByTestId("routing-run");
  await expect(run).toContainText("Urgent fires");
  await expect(run).toContainText("matched");
  await expect(page.getByTestId("deliveries")).toContainText(destinationName);
  await expect(page.getByTestId("deliveries")).toContainText("succeeded");

  // The other one: no tag, the trace says which condition failed, nothing delivered.
  await page.goto(`/events/${otherEvent!.eventId}`);
  await expect(page.getByText("no rule matched")).toBeVisible();
  await expect(page.getByTestId("routing-run")).toContainText("did not match");
  // priority passed; subject failed, and so did their "all of" group.
  await expect(page.getByTestId("routing-run").getByLabel("passed")).toHaveCount(1);
  await expect(page.getByTestId("routing-run").getByLabel("failed")).toHaveCount(2);
  await expect(page.getByText("No rule forwarded this event.")).toBeVisible();
  expect(sink.requests).toHaveLength(1);
});

// Event summaries against the real database: written by routing in its UPDATE, named on read while
// stale, renamed by the refresh after a template change, searchable, and shown by every list that
// names events (events, deliveries, test picker, backtest examples, audit log).
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { retryDelivery } from "@/lib/deliveries/retry-delivery";
import { listDeliveries } from "@/lib/deliveries/list-deliveries";
import { getEvent } from "@/lib/events/get-event";
import { listEventChoices } from "@/lib/events/list-event-choices";
import { listEvents } from "@/lib/events/list-events";
import { replayEvent, newReplayToken } from "@/lib/events/replay-event";
import type { Prisma } from "@/lib/generated/prisma/client";
import { routeEvent } from "@/lib/pipeline/routing/route-events";
import { stopSender } from "@/lib/queue";
import { backtestRule } from "@/lib/rules/backtest";
import { createRule } from "@/lib/rules/create-rule";
import { createSource } from "@/lib/sources/create-source";
import { updateSource } from "@/lib/sources/update-source";
import { previewSummaries } from "@/lib/summaries/preview-summaries";
import { enqueueLaggingSummaryRefreshes, refreshEventSummaries } from "@/lib/summaries/refresh-event-summaries";
import { SUMMARY_LIMITS } from "@/lib/summaries/summary-template";
import { createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestSource, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

const ZENDESK = "#{{ticket.id}} {{ticket.subject}} · {{ticket.priority}}";

async function storedEvent(sourceId: string, payload: Prisma.InputJsonObject, receivedAt = new Date()) {
  const body = Buffer.from(JSON.stringify(payload));
  return db().event.create({
    data: { sourceId, receivedAt, method: "POST", headers: { "content-type": "application/json", "x-kind": "ticket" }, contentType: "application/json", body, bodySize: body.length, payload },
  });
}

async function stored(id: string) {
  return db().event.findUniqueOrThrow({ where: { id }, select: { summary: true, summaryVersion: true } });
}

describe("event summaries", () => {
  it("are written by routing, with the template's version, and shown by lists and the event page", async () => {
    const source = await createTestSource({ summaryTemplate: ZENDESK });
    const event = await storedEvent(source.id, { ticket: { id: 35436, subject: "Refund for Maria", priority: "high" } });
    // Not routed yet: named on read from its body.
    expect(await stored(event.id)).toEqual({ summary: null, summaryVersion: null });
    expect((await listEvents({ sourceId: source.id })).events[0]?.summary).toBe("#35436 Refund for Maria · high");

    await routeEvent({ eventId: event.id });
    expect(await stored(event.id)).toEqual({ summary: "#35436 Refund for Maria · high", summaryVersion: 1 });
    expect((await listEvents({ sourceId: source.id })).events[0]?.summary).toBe("#35436 Refund for Maria · high");
    expect((await getEvent({ id: event.id }))?.summary).toBe("#35436 Refund for Maria · high");
    expect((await listEventChoices({ sourceId: source.id }))[0]).toMatchObject({ id: event.id, summary: "#35436 Refund for Maria · high" });
  });

  it("are found by the events search, any case, and by the test picker's search beyond the latest events", async () => {
    const source = await createTestSource({ summaryTemplate: ZENDESK });
    const old = await storedEvent(source.id, { ticket: { id: 1, subject: "Refund for Maria", priority: "low" } }, new Date(Date.now() - 3_600_000));
    const other = await storedEvent(source.id, { ticket: { id: 2, subject: "Printer on fire", priority: "urgent" } });
    const percent = await storedEvent(source.id, { ticket: { id: 3, subject: "100% off_code", priority: "low" } });
    for (const event of [old, other, percent]) await routeEvent({ eventId: event.id });

    const search = async (text: string) => (await listEvents({ sourceId: source.id, filter: { search: text } })).events.map((event) => event.id);
    expect(await search("maria")).toEqual([old.id]);
    expect(await search("#2 PRINTER")).toEqual([other.id]);
    // % and _ are text, not wildcards.
    expect(await search("100%")).toEqual([percent.id]);
    expect(await search("0_o")).toEqual([]);
    expect((await listEventChoices({ sourceId: source.id, search: "refund" })).map((choice) => choice.id)).toEqual([old.id]);
  });

  it("after a template change: named with it on read at once, renamed in storage by the refresh", async () => {
    const source = await createTestSource({ summaryTemplate: ZENDESK });
    const events = [];
    for (let index = 0; index < 5; index++) events.push(await storedEvent(source.id, { ticket: { id: index, subject: `Ticket ${index}`, priority: "low" } }));
    for (const event of events) await routeEvent({ eventId: event.id });

    await updateSource({ id: source.id, input: { summaryTemplate: "{{ticket.subject}} ({{headers.x-kind}})" }, actor: TEST_ACTOR });
    const after = await db().source.findUniqueOrThrow({ where: { id: source.id } });
    expect(after).toMatchObject({ summaryVersion: 2, summaryRefreshedVersion: 1 });
    // The change sent its refresh job, in its transaction.
    const jobs = await db().$queryRaw<Array<{ state: string }>>`SELECT state FROM pgboss.job WHERE name = 'refresh-summaries' AND data->>'sourceId' = ${source.id}`;
    expect(jobs.length).toBe(1);
    // Stored summaries are stale; lists name the events with the new template already.
    expect((await stored(events[0]!.id)).summaryVersion).toBe(1);
    expect((await listEvents({ sourceId: source.id })).events.map((event) => event.summary)).toEqual([4, 3, 2, 1, 0].map((index) => `Ticket ${index} (ticket)`));

    // In small batches, as the job does in bigger ones.
    expect(await refreshEventSummaries({ sourceId: source.id, batchSize: 2 })).toEqual({ renamed: 5, complete: true });
    for (const [index, event] of events.entries()) expect(await stored(event.id)).toEqual({ summary: `Ticket ${index} (ticket)`, summaryVersion: 2 });
    expect(await db().source.findUniqueOrThrow({ where: { id: source.id } })).toMatchObject({ summaryRefreshedVersion: 2 });
    // Nothing left to do: a second run renames nothing.
    expect(await refreshEventSummaries({ sourceId: source.id })).toEqual({ renamed: 0, complete: true });
    // The search sees the new names.
    expect((await listEvents({ sourceId: source.id, filter: { search: "(ticket)" } })).events).toHaveLength(5);
  });

  it("keep a newer name when a routing run with an older template finishes after the refresh", async () => {
    const source = await createTestSource({ summaryTemplate: "old {{ticket.id}}" });
    const event = await storedEvent(source.id, { ticket: { id: 7 } });
    await db().event.update({ where: { id: event.id }, data: { summary: "new 7", summaryVersion: 5 } });
    await routeEvent({ eventId: event.id });
    expect(await stored(event.id)).toEqual({ summary: "new 7", summaryVersion: 5 });
  });

  it("refresh at worker start for sources left behind (as the upgrade leaves every existing source)", async () => {
    const source = await createTestSource({ summaryTemplate: "{{ticket.id}}" });
    await db().source.update({ where: { id: source.id }, data: { summaryRefreshedVersion: 0 } });
    expect(await enqueueLaggingSummaryRefreshes()).toBeGreaterThanOrEqual(1);
    const jobs = await db().$queryRaw<unknown[]>`SELECT 1 FROM pgboss.job WHERE name = 'refresh-summaries' AND data->>'sourceId' = ${source.id}`;
    expect(jobs).toHaveLength(1);
    // The queue keeps one waiting per source: asking again adds none.
    await enqueueLaggingSummaryRefreshes();
    expect(await db().$queryRaw<unknown[]>`SELECT 1 FROM pgboss.job WHERE name = 'refresh-summaries' AND data->>'sourceId' = ${source.id}`).toHaveLength(1);
  });

  it("are bounded and plain text, however hostile the payload", async () => {
    const source = await createTestSource({ summaryTemplate: "{{a}} {{b}}" });
    const event = await storedEvent(source.id, { a: `<script>alert(1)</script>${"x".repeat(200_000)}`, b: "{{a}}" });
    await routeEvent({ eventId: event.id });
    const { summary } = await stored(event.id);
    expect(summary!.length).toBeLessThanOrEqual(SUMMARY_LIMITS.maxSummaryLength);
    // Stored as text (React escapes it when shown); a value that looks like a placeholder stays text.
    expect(summary!.startsWith("<script>alert(1)</script>xxx")).toBe(true);
    const other = await storedEvent(source.id, { a: "A", b: "{{a}}" });
    await routeEvent({ eventId: other.id });
    expect((await stored(other.id)).summary).toBe("A {{a}}");
  });

  it("are refused at save time when the template is not valid, with the reason", async () => {
    const source = await createTestSource();
    await expect(updateSource({ id: source.id, input: { summaryTemplate: "#{{ticket.id" }, actor: TEST_ACTOR })).rejects.toThrow(/is not closed/);
    await expect(updateSource({ id: source.id, input: { summaryTemplate: "x".repeat(301) }, actor: TEST_ACTOR })).rejects.toThrow(/At most 300 characters/);
  });

  it("start from the provider's preset, follow a scheme change while still the preset, and preview on the latest events", async () => {
    const { source } = await createSource({ input: { name: uniqueName("zendesk"), scheme: "zendesk", secret: "zendesk-secret-for-the-test" }, actor: TEST_ACTOR });
    expect(source.summaryTemplate).toContain("{{ticket.id | detail.id}}");
    const none = await previewSummaries({ sourceId: source.id, template: source.summaryTemplate });
    expect(none).toMatchObject({ errors: [], fromPresetExample: true, examples: [{ summary: "#35436 Refund for order 1001 · high" }] });
    await storedEvent(source.id, { detail: { id: "9", subject: "Event webhook", priority: "LOW" } });
    expect(await previewSummaries({ sourceId: source.id, template: source.summaryTemplate })).toMatchObject({ fromPresetExample: false, examples: [{ summary: "#9 Event webhook · LOW" }] });
    expect((await previewSummaries({ sourceId: source.id, template: "{{a" }))?.errors[0]).toMatch(/not closed/);

    const stripe = await updateSource({ id: source.id, input: { scheme: "stripe" }, actor: TEST_ACTOR });
    expect(stripe?.summaryTemplate).toBe("{{type}} {{data.object.id}}");
    await updateSource({ id: source.id, input: { summaryTemplate: "{{type}} (mine)" }, actor: TEST_ACTOR });
    expect((await updateSource({ id: source.id, input: { scheme: "github" }, actor: TEST_ACTOR }))?.summaryTemplate).toBe("{{type}} (mine)");
  });

  it("name deliveries, backtest examples and the audit log's entries", async () => {
    const source = await createTestSource({ summaryTemplate: ZENDESK });
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: { name: "Everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id] }] },
    });
    const event = await storedEvent(source.id, { ticket: { id: 77, subject: "Refund, again", priority: "high" } });
    await routeEvent({ eventId: event.id });
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId: event.id } });
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "failed", attempts: 1 } });

    const page = await listDeliveries({ filter: { source: source.id } });
    expect(page.deliveries[0]?.event).toMatchObject({ id: event.id, summary: "#77 Refund, again · high" });

    const backtest = await backtestRule({ sourceId: source.id, input: { conditions: { combinator: "and", rules: [{ field: "body.ticket.priority", operator: "=", value: "high" }] } } });
    expect(backtest?.matchedExamples).toEqual([expect.objectContaining({ eventId: event.id, summary: "#77 Refund, again · high" })]);

    await retryDelivery({ id: delivery.id, actor: TEST_ACTOR });
    await replayEvent({ eventId: event.id, token: newReplayToken(), actor: TEST_ACTOR });
    const names = await db().auditLog.findMany({ where: { targetId: { in: [delivery.id, event.id] } }, select: { action: true, targetName: true }, orderBy: { at: "asc" } });
    expect(names).toEqual([
      { action: "delivery.retried", targetName: `#77 Refund, again · high → ${destination.name}` },
      { action: "event.replayed", targetName: `#77 Refund, again · high from ${source.name}` },
    ]);
  });
});

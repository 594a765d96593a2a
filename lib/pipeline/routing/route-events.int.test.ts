import { version as uuidVersion } from "uuid";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb, lookupPool } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import type { RuleInput } from "@/lib/rules/rule-input";
import { routeEvent, routeEvents, routingLoad } from "@/lib/pipeline/routing/route-events";
import { createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createInbox } from "@/lib/inboxes/create-inbox";
import { createTestSource, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

async function storedEvent(sourceId: string, payload: Prisma.InputJsonObject, eventType = "ticket.created") {
  const body = Buffer.from(JSON.stringify(payload));
  return db().event.create({ data: { sourceId, method: "POST", headers: { "content-type": "application/json" }, contentType: "application/json", body, bodySize: body.length, payload, eventType } });
}

const urgent = (destinationId: string): RuleInput => ({
  name: "Urgent fires",
  conditions: {
    combinator: "and",
    rules: [
      { field: "body.priority", operator: "=", value: "high" },
      { field: "body.subject", operator: "contains", value: "fire" },
    ],
  },
  actions: [
    { type: "forward", destinationIds: [destinationId] },
    { type: "addTags", tags: ["urgent"] },
    { type: "setRouting", fields: { team: "ops" } },
  ],
});

describe("routeEvent with rules", () => {
  it("writes the trace, tags, routing fields and a delivery with its job, once", async () => {
    const source = await createTestSource();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    const rule = await createRule({ sourceId: source.id, actor: TEST_ACTOR, input: urgent(destination.id) });
    const second = await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: { name: "Ops digest", conditions: { combinator: "and", rules: [{ field: "routing.team", operator: "=", value: "ops" }] }, actions: [{ type: "addTags", tags: ["ops"] }] },
    });
    const event = await storedEvent(source.id, { priority: "high", subject: "Printer on fire" });

    expect(await routeEvent({ eventId: event.id })).toBe("routed");
    expect(await routeEvent({ eventId: event.id })).toBe("already_routed");

    const routed = await db().event.findUniqueOrThrow({ where: { id: event.id }, include: { routingRuns: true, deliveries: true } });
    expect(routed).toMatchObject({ status: "routed", tags: ["urgent", "ops"], routing: { team: "ops" } });
    expect(routed.routingRuns).toHaveLength(1);
    const trace = routed.routingRuns[0]!.trace as Array<{ ruleId: string; ruleVersion: number; matched: boolean }>;
    expect(trace.map((entry) => [entry.ruleId, entry.ruleVersion, entry.matched])).toEqual([
      [rule!.id, 1, true],
      [second!.id, 1, true], // saw the routing field the first rule set
    ]);
    expect(routed.deliveries).toHaveLength(1);
    expect(routed.deliveries[0]).toMatchObject({ destinationId: destination.id, ruleId: rule!.id, ruleVersion: 1, status: "pending", body: null });
    // Its job names the deliveries of the routing transaction: this one.
    const jobs = await db().$queryRaw<Array<{ delivery_ids: string[] }>>`
      SELECT data->'deliveryIds' AS delivery_ids FROM pgboss.job WHERE name = 'deliver' AND data->'deliveryIds' @> jsonb_build_array(${routed.deliveries[0]!.id}::text)`;
    expect(jobs).toEqual([{ delivery_ids: [routed.deliveries[0]!.id] }]);
  });

  it("marks an event no rule matches as unmatched, and one a rule ignores as ignored, without deliveries", async () => {
    const source = await createTestSource();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await createRule({ sourceId: source.id, actor: TEST_ACTOR, input: urgent(destination.id) });
    await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: { name: "Drop pings", conditions: { combinator: "and", rules: [{ field: "event.type", operator: "=", value: "ping" }] }, actions: [{ type: "ignore" }] },
    });
    const plain = await storedEvent(source.id, { priority: "low", subject: "Invoice" });
    const ping = await storedEvent(source.id, {}, "ping");
    await routeEvent({ eventId: plain.id });
    await routeEvent({ eventId: ping.id });
    const [a, b] = await Promise.all([plain, ping].map((event) => db().event.findUniqueOrThrow({ where: { id: event.id }, include: { deliveries: true } })));
    expect([a!.status, a!.deliveries.length]).toEqual(["unmatched", 0]);
    expect([b!.status, b!.deliveries.length]).toEqual(["ignored", 0]);
  });

  it("skips a destination deleted after the rule was saved, keeping the forward in the trace", async () => {
    const source = await createTestSource();
    const kept = await createTestDestination({ url: "http://127.0.0.1:9/kept" });
    const gone = await createTestDestination({ url: "http://127.0.0.1:9/gone" });
    await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: { name: "Both", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [kept.id, gone.id] }] },
    });
    await db().destination.delete({ where: { id: gone.id } });
    const event = await storedEvent(source.id, {});
    await routeEvent({ eventId: event.id });
    const deliveries = await db().delivery.findMany({ where: { eventId: event.id } });
    expect(deliveries.map((delivery) => delivery.destinationId)).toEqual([kept.id]);
    const [run] = await db().routingRun.findMany({ where: { eventId: event.id } });
    expect(JSON.stringify(run!.trace)).toContain(gone.id);
  });

  it("sends an inbox's delivery to the inbox, with no job, and an HTTP destination's beside it with one", async () => {
    const source = await createTestSource();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    const { inbox } = await createInbox({ input: { name: uniqueName("routing inbox") }, actor: TEST_ACTOR });
    await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: { name: "Both", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [inbox.id, destination.id] }] },
    });
    const event = await storedEvent(source.id, {});
    expect(await routeEvent({ eventId: event.id })).toBe("routed");
    const deliveries = await db().delivery.findMany({ where: { eventId: event.id }, include: { inboxMessage: true } });
    const toInbox = deliveries.find((delivery) => delivery.destinationId === inbox.id)!;
    const toHttp = deliveries.find((delivery) => delivery.destinationId === destination.id)!;
    expect(toInbox.inboxMessage).not.toBeNull();
    expect(uuidVersion(toInbox.inboxMessage!.id)).toBe(7);
    expect(toHttp.inboxMessage).toBeNull();
    const jobs = await db().$queryRaw<Array<{ delivery_ids: string[] }>>`
      SELECT ARRAY(SELECT jsonb_array_elements_text(data->'deliveryIds')) AS delivery_ids FROM pgboss.job
      WHERE name = 'deliver' AND (data->'deliveryIds' @> jsonb_build_array(${toInbox.id}::text) OR data->'deliveryIds' @> jsonb_build_array(${toHttp.id}::text))`;
    expect(jobs).toEqual([{ delivery_ids: [toHttp.id] }]);
  });

  it("renders templated bodies into the delivery", async () => {
    const source = await createTestSource();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: {
        name: "Slack-style",
        conditions: { combinator: "and", rules: [] },
        actions: [{ type: "forward", destinationIds: [destination.id], body: { mode: "template", template: '{"text": "{{ body.subject }}", "n": {{ body.n }}}' } }],
      },
    });
    const event = await storedEvent(source.id, { subject: 'He said "hi"', n: 3 });
    await routeEvent({ eventId: event.id });
    const [delivery] = await db().delivery.findMany({ where: { eventId: event.id } });
    expect(JSON.parse(Buffer.from(delivery!.body!).toString())).toEqual({ text: 'He said "hi"', n: 3 });
  });
});

describe("routeEvents: a batch in one transaction", () => {
  it("routes events of several sources together, answering each job in order", async () => {
    const [hot, quiet] = [await createTestSource(), await createTestSource()];
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await createRule({ sourceId: hot.id, actor: TEST_ACTOR, input: urgent(destination.id) });
    const fire = await storedEvent(hot.id, { priority: "high", subject: "Printer on fire" });
    const calm = await storedEvent(hot.id, { priority: "low", subject: "Paper jam" });
    const elsewhere = await storedEvent(quiet.id, { priority: "high", subject: "fire drill" });
    const before = await storedEvent(hot.id, { priority: "high", subject: "Another fire" });
    await routeEvent({ eventId: before.id });

    const results = await routeEvents([
      { eventId: fire.id },
      { eventId: "00000000-0000-4000-8000-000000000000" },
      { eventId: calm.id },
      { eventId: before.id },
      { eventId: elsewhere.id },
      { eventId: fire.id, runKey: "replay:batch", trigger: "replay" },
    ]);
    expect(results).toEqual(["routed", "missing", "routed", "already_routed", "routed", "routed"]);

    const rows = await db().event.findMany({ where: { id: { in: [fire.id, calm.id, elsewhere.id] } }, include: { routingRuns: true, deliveries: true } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(fire.id)).toMatchObject({ status: "routed", tags: ["urgent"], routing: { team: "ops" } });
    expect(byId.get(fire.id)!.routingRuns.map((run) => run.runKey).sort()).toEqual(["received", "replay:batch"]);
    expect(byId.get(fire.id)!.deliveries).toHaveLength(2);
    expect(byId.get(calm.id)).toMatchObject({ status: "unmatched", tags: [] });
    expect(byId.get(elsewhere.id)).toMatchObject({ status: "unmatched" });
    // Every delivery is named by a job, committed with it: the batch's deliveries, by one job.
    const deliveryIds = byId.get(fire.id)!.deliveries.map((delivery) => delivery.id);
    const jobs = await db().$queryRaw<Array<{ delivery_ids: string[] }>>`
      SELECT ARRAY(SELECT jsonb_array_elements_text(data->'deliveryIds')) AS delivery_ids FROM pgboss.job
       WHERE name = 'deliver' AND data->'deliveryIds' ?| ${deliveryIds}::text[]`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.delivery_ids.sort()).toEqual([...deliveryIds].sort());

    // Run again, the whole batch changes nothing.
    expect(await routeEvents([{ eventId: fire.id }, { eventId: calm.id }])).toEqual(["already_routed", "already_routed"]);
  });
});

describe("routeEvents: deliveries list in the order they were routed", () => {
  it("orders one transaction's deliveries by event, then by the rule's destinations", async () => {
    const source = await createTestSource();
    const destinations = [
      await createTestDestination({ url: "http://127.0.0.1:9/a" }),
      await createTestDestination({ url: "http://127.0.0.1:9/b" }),
      await createTestDestination({ url: "http://127.0.0.1:9/c" }),
    ];
    await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: { name: "Everything everywhere", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: destinations.map((destination) => destination.id) }] },
    });
    const events = [];
    for (let n = 0; n < 5; n++) events.push(await storedEvent(source.id, { n }));

    expect(await routeEvents(events.map((event) => ({ eventId: event.id })))).toEqual(events.map(() => "routed"));

    // All 15 share the transaction's created_at: the id alone orders them, as lists do.
    const listed = await db().delivery.findMany({ where: { eventId: { in: events.map((event) => event.id) } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(new Set(listed.map((delivery) => delivery.createdAt.getTime())).size).toBe(1);
    expect(listed.map((delivery) => [delivery.eventId, delivery.destinationId])).toEqual(
      events.flatMap((event) => destinations.map((destination) => [event.id, destination.id])),
    );
  });
});

describe("routeEvents: routing runs", () => {
  it("get time-ordered ids, later batches' after earlier ones'", async () => {
    const source = await createTestSource();
    const events = [];
    for (let n = 0; n < 6; n++) events.push(await storedEvent(source.id, { n }));
    expect(await routeEvents(events.slice(0, 3).map((event) => ({ eventId: event.id })))).toEqual(["routed", "routed", "routed"]);
    expect(await routeEvents(events.slice(3).map((event) => ({ eventId: event.id })))).toEqual(["routed", "routed", "routed"]);

    const runs = await db().routingRun.findMany({ where: { eventId: { in: events.map((event) => event.id) } }, select: { id: true, eventId: true } });
    const runOf = new Map(runs.map((run) => [run.eventId, run.id]));
    const [first, second] = [events.slice(0, 3).map((event) => runOf.get(event.id)!), events.slice(3).map((event) => runOf.get(event.id)!)];
    expect([...first, ...second].map((id) => uuidVersion(id))).toEqual([7, 7, 7, 7, 7, 7]);
    expect([...first].sort().at(-1)! < [...second].sort()[0]!).toBe(true);
  });
});

describe("routeEvents: the batch's read", () => {
  it("reads each event's earlier run by key, however many runs exist", async () => {
    const source = await createTestSource();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await createRule({ sourceId: source.id, actor: TEST_ACTOR, input: urgent(destination.id) });
    const first = await storedEvent(source.id, { priority: "high", subject: "fire" });
    const client = await lookupPool().connect();
    try {
      // Planned now, on this connection, while few runs exist: the plan it keeps.
      await client.query(routingLoad([[first.id], ["received"]]));
      await db().$executeRaw`
        WITH copies AS (
          INSERT INTO events (source_id, method, headers, content_type, body, body_size, payload, status)
          SELECT source_id, method, headers, content_type, body, body_size, payload, 'routed' FROM events, generate_series(1, 3000)
          WHERE id = ${first.id}::uuid
          RETURNING id)
        INSERT INTO routing_runs (event_id, run_key, trigger, outcome, routing, trace)
        SELECT id, 'received', 'received', 'unmatched', '{}', '[]' FROM copies`;
      const batch = [await storedEvent(source.id, { priority: "high", subject: "fire" }), await storedEvent(source.id, { priority: "low", subject: "calm" })];
      await routeEvent({ eventId: batch[0]!.id });

      await client.query("BEGIN");
      const read = async () => {
        const { rows } = await client.query<{ tuples: string }>(
          "SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) AS tuples FROM pg_stat_xact_user_tables WHERE relid = 'routing_runs'::regclass",
        );
        return Number(rows[0]?.tuples ?? 0);
      };
      const before = await read();
      const { rows } = await client.query<{ id: string; already: boolean }>(routingLoad([batch.map((event) => event.id), ["received", "received"]]));
      const tuples = (await read()) - before;
      await client.query("COMMIT");

      expect(rows.map((row) => [row.id, row.already])).toEqual([
        [batch[0]!.id, true],
        [batch[1]!.id, false],
      ]);
      // The one earlier run of the batch's events, looked up by (event, run key); not the 3,000 others.
      expect(tuples).toBe(1);
    } finally {
      client.release();
    }
  });
});

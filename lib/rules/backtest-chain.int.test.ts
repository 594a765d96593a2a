import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb, pool } from "@/lib/db";
import { stopSender } from "@/lib/queue";
import { routeEvents } from "@/lib/pipeline/routing/route-events";
import { backtestChain, ChainBacktestInput, describeChanges, DraftRuleNotFoundError } from "@/lib/rules/backtest-chain";
import { createRule } from "@/lib/rules/create-rule";
import { listRuleMatchCounts } from "@/lib/rules/list-rule-match-counts";
import type { Action } from "@/lib/rules/schema";
import { createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestSource, TEST_ACTOR } from "@/lib/testing/factories";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

/** Stores events newest first (index 0 is the newest), each with its subject as the summary. */
async function seed(sourceId: string, events: Array<{ priority: string; tags?: string[]; ageSeconds?: number }>): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, event] of events.entries()) {
    const body = JSON.stringify({ ticket: { priority: event.priority, subject: `Ticket ${index} (${event.priority})` } });
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO events (source_id, received_at, method, headers, content_type, body, body_size, payload, status, tags, summary, summary_version)
       VALUES ($1, now() - make_interval(secs => $2), 'POST', '{}', 'application/json', convert_to($3, 'UTF8'), octet_length($3), $3::jsonb, 'routed', $4::text[], $5, 1)
       RETURNING id`,
      [sourceId, event.ageSeconds ?? index, body, event.tags ?? [], `Ticket ${index} (${event.priority})`],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

const byPriority = (value: string[]) => ({ combinator: "and" as const, rules: [{ field: "body.ticket.priority", operator: "in" as const, value }] });

function rule(sourceId: string, name: string, value: string[], actions: Action[]) {
  return createRule({ sourceId, actor: TEST_ACTOR, input: { name, conditions: byPriority(value), actions } });
}

describe("backtestChain against what events got", () => {
  it("runs all rules in order with stop semantics and says what changes per tag, with named examples", async () => {
    const source = await createTestSource();
    const [high, urgent, low] = await seed(source.id, [
      { priority: "high", tags: ["hot"] },
      { priority: "urgent", tags: ["old"] },
      { priority: "low", tags: [] },
    ]);
    await rule(source.id, "Hot", ["high", "urgent"], [{ type: "addTags", tags: ["hot"] }, { type: "stop" }]);
    // Never reached for high/urgent (the first rule stops); tags low ones.
    await rule(source.id, "Everything", ["high", "urgent", "low"], [{ type: "addTags", tags: ["seen"] }]);

    const result = await backtestChain({ sourceId: source.id, input: { limit: 100 } });
    expect(result).toMatchObject({ evaluated: 3, truncated: false, rules: 2, comparedWith: "stored", draft: null, outcomes: { routed: 3, ignored: 0, unmatched: 0 }, changedEvents: 2 });
    const byTag = new Map(result!.changes.map((change) => [change.key, change]));
    expect(byTag.get("hot")).toMatchObject({ gained: 1, lost: 0 });
    expect(byTag.get("hot")!.gainedExamples).toEqual([expect.objectContaining({ eventId: urgent, summary: "Ticket 1 (urgent)" })]);
    expect(byTag.get("old")).toMatchObject({ gained: 0, lost: 1 });
    expect(byTag.get("seen")!.gainedExamples.map((example) => example.eventId)).toEqual([low]);
    expect(result!.changes.some((change) => change.gainedExamples.some((example) => example.eventId === high))).toBe(false);
    expect(result!.summary).toBe(describeChanges(result!.changes));
    expect(result!.summary).toContain("−1 old");
  });

  it("compares destinations with real deliveries and counts an ignore as losing them", async () => {
    const source = await createTestSource();
    const billing = await createTestDestination({ url: "http://127.0.0.1:9/billing", name: "Billing desk" });
    const [first, second] = await seed(source.id, [{ priority: "high" }, { priority: "high" }, { priority: "low" }]);
    const forward = await rule(source.id, "To billing", ["high"], [{ type: "forward", destinationIds: [billing.id] }]);
    // The real routing: deliveries are what the events got.
    const ids = (await pool().query<{ id: string }>(`SELECT id FROM events WHERE source_id = $1`, [source.id])).rows.map((row) => row.id);
    await routeEvents(ids.map((eventId) => ({ eventId })));
    expect(await db().delivery.count({ where: { destinationId: billing.id } })).toBe(2);

    // Unchanged rules: nothing changes.
    const same = await backtestChain({ sourceId: source.id, input: {} });
    expect(same).toMatchObject({ evaluated: 3, changedEvents: 0, changes: [], summary: "No changes" });

    // A rule placed before it that ignores high events: both lose Billing desk.
    await db().rule.update({ where: { id: forward!.id }, data: { position: 5 } });
    await rule(source.id, "Drop high", ["high"], [{ type: "ignore" }]);
    await db().rule.updateMany({ where: { sourceId: source.id, name: "Drop high" }, data: { position: 0 } });
    const ignored = await backtestChain({ sourceId: source.id, input: {} });
    expect(ignored).toMatchObject({ outcomes: { routed: 0, ignored: 2, unmatched: 1 }, summary: "−2 Billing desk" });
    expect(ignored!.changes[0]).toMatchObject({ kind: "destination", key: billing.id, label: "Billing desk", gained: 0, lost: 2 });
    // Newest first.
    expect(ignored!.changes[0]!.lostExamples.map((example) => example.eventId)).toEqual([first, second]);
  });

  it("cuts the window at the limit (newest first) and says so; a period keeps older events out", async () => {
    const source = await createTestSource();
    const ids = await seed(source.id, [
      { priority: "high", ageSeconds: 10 },
      { priority: "high", ageSeconds: 20 },
      { priority: "high", ageSeconds: 30 },
      { priority: "high", ageSeconds: 7200 },
    ]);
    await rule(source.id, "Tag high", ["high"], [{ type: "addTags", tags: ["high"] }]);

    const cut = await backtestChain({ sourceId: source.id, input: { limit: 2 } });
    expect(cut).toMatchObject({ evaluated: 2, truncated: true, summary: "+2 high" });
    expect(cut!.changes[0]!.gainedExamples.map((example) => example.eventId)).toEqual([ids[0], ids[1]]);
    expect(new Date(cut!.oldestReceivedAt!).getTime()).toBeGreaterThan(new Date(cut!.newestReceivedAt!).getTime() - 15_000);

    const hour = await backtestChain({ sourceId: source.id, input: { period: "hour", limit: 100 } });
    expect(hour).toMatchObject({ evaluated: 3, truncated: false, summary: "+3 high" });
    const all = await backtestChain({ sourceId: source.id, input: { period: "all", limit: 100 } });
    expect(all).toMatchObject({ evaluated: 4, truncated: false });
  });
});

describe("backtestChain with a draft", () => {
  it("puts the draft in its rule's place and compares with the saved chain", async () => {
    const source = await createTestSource();
    const billing = await createTestDestination({ url: "http://127.0.0.1:9/billing", name: "Billing" });
    const desk = await createTestDestination({ url: "http://127.0.0.1:9/desk", name: "Urgent desk" });
    const [high, urgent] = await seed(source.id, [{ priority: "high" }, { priority: "urgent" }, { priority: "low" }]);
    const first = await rule(source.id, "Urgent to desk", ["urgent"], [{ type: "forward", destinationIds: [desk.id] }, { type: "stop" }]);
    await rule(source.id, "Rest to billing", ["low"], [{ type: "forward", destinationIds: [billing.id] }]);

    // Edit the second rule: billing now also takes high and urgent ones; urgent ones never reach it (stop).
    const rules = await db().rule.findMany({ where: { sourceId: source.id }, orderBy: { position: "asc" } });
    const result = await backtestChain({
      sourceId: source.id,
      input: { draft: { ruleId: rules[1]!.id, rule: { name: "Rest to billing", conditions: byPriority(["low", "high", "urgent"]), actions: [{ type: "forward", destinationIds: [billing.id] }] } } },
    });
    expect(result).toMatchObject({ comparedWith: "saved", draft: { ruleId: rules[1]!.id, position: 2 }, rules: 2, summary: "+1 Billing", changedEvents: 1 });
    expect(result!.changes[0]!.gainedExamples.map((example) => example.eventId)).toEqual([high]);

    // A new rule (no ruleId) goes last: one that ignores urgent events is never reached for them.
    const appended = await backtestChain({
      sourceId: source.id,
      input: { draft: { rule: { name: "Ignore urgent", conditions: byPriority(["urgent"]), actions: [{ type: "ignore" }] } } },
    });
    expect(appended).toMatchObject({ draft: { ruleId: null, position: 3 }, summary: "No changes" });

    const withoutStop = await backtestChain({
      sourceId: source.id,
      input: { draft: { ruleId: first!.id, rule: { name: "Urgent to desk", conditions: byPriority(["urgent"]), actions: [{ type: "addTags", tags: ["urgent"] }] } } },
    });
    expect(withoutStop!.changes.map((change) => [change.kind, change.label, change.gained, change.lost])).toEqual(
      expect.arrayContaining([
        ["destination", "Urgent desk", 0, 1],
        ["tag", "urgent", 1, 0],
      ]),
    );
    expect(withoutStop!.summary).toContain("−1 Urgent desk");
    expect(withoutStop!.changes.find((change) => change.kind === "destination")!.lostExamples[0]).toMatchObject({ eventId: urgent, summary: "Ticket 1 (urgent)" });
  });

  it("refuses a hostile or huge draft clearly, and a draft of a rule not in the chain", async () => {
    let deep: Record<string, unknown> = { field: "body.a", operator: "=", value: "x" };
    for (let depth = 0; depth < 50; depth++) deep = { combinator: "and", rules: [deep] };
    const tooDeep = ChainBacktestInput.safeParse({ draft: { rule: { name: "Deep", conditions: deep, actions: [{ type: "stop" }] } } });
    expect(tooDeep.success).toBe(false);
    expect(tooDeep.error!.issues.map((issue) => issue.message).join(" ")).toMatch(/nest|deep|depth/i);

    const many = { combinator: "and", rules: Array.from({ length: 500 }, () => ({ field: "body.a", operator: "=", value: "x" })) };
    expect(ChainBacktestInput.safeParse({ draft: { rule: { name: "Many", conditions: many, actions: [{ type: "stop" }] } } }).success).toBe(false);
    expect(ChainBacktestInput.safeParse({ limit: 1_000_000 }).success).toBe(false);
    expect(ChainBacktestInput.safeParse({ period: "year" }).success).toBe(false);
    expect(ChainBacktestInput.safeParse({ draft: { rule: { name: "x", conditions: byPriority(["a"]), actions: [{ type: "stop" }] }, extra: 1 } }).success).toBe(false);

    const source = await createTestSource();
    await expect(
      backtestChain({ sourceId: source.id, input: { draft: { ruleId: "00000000-0000-4000-8000-000000000000", rule: { name: "Gone", conditions: byPriority(["a"]), actions: [{ type: "stop" }] } } } }),
    ).rejects.toBeInstanceOf(DraftRuleNotFoundError);
  });

  it("answers null for a source that does not exist", async () => {
    expect(await backtestChain({ sourceId: "00000000-0000-4000-8000-000000000000", input: { limit: 10 } })).toBeNull();
  });
});

describe("rule match counts", () => {
  it("are counted by routing's batch write, once per run, and read for the last hour, day and week", async () => {
    const source = await createTestSource();
    const hot = await rule(source.id, "Hot", ["high", "urgent"], [{ type: "addTags", tags: ["hot"] }]);
    const low = await rule(source.id, "Low", ["low"], [{ type: "addTags", tags: ["low"] }]);
    const never = await rule(source.id, "Never", ["none"], [{ type: "addTags", tags: ["none"] }]);
    const ids = await seed(source.id, [{ priority: "high" }, { priority: "urgent" }, { priority: "low" }]);

    await routeEvents(ids.map((eventId) => ({ eventId })));
    // A job delivered twice, and a replay: neither counts again.
    await routeEvents([{ eventId: ids[0]! }, { eventId: ids[1]!, runKey: "replay-1", trigger: "replay" }]);
    // Older buckets: one three hours ago, one three days ago, one past the week.
    await pool().query(
      `INSERT INTO rule_match_counts (rule_id, bucket, matches) VALUES ($1, now() - interval '3 hours', 5), ($1, now() - interval '3 days', 7), ($1, now() - interval '9 days', 100)`,
      [hot!.id],
    );

    const counts = await listRuleMatchCounts({ sourceId: source.id });
    expect(counts[hot!.id]).toEqual({ hour: 2, day: 7, week: 14 });
    expect(counts[low!.id]).toEqual({ hour: 1, day: 1, week: 1 });
    expect(counts[never!.id]).toBeUndefined();
  });
});

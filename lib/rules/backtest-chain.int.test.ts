import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb, pool } from "@/lib/db";
import { backtestChain, describeChanges } from "@/lib/rules/backtest-chain";
import { createRule } from "@/lib/rules/create-rule";
import type { Action } from "@/lib/rules/schema";
import { createTestSource, TEST_ACTOR } from "@/lib/testing/factories";

afterAll(async () => {
  await disconnectDb();
});

async function seed(sourceId: string, events: Array<{ priority: string; tags: string[] }>): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, event] of events.entries()) {
    const body = JSON.stringify({ ticket: { priority: event.priority } });
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO events (source_id, received_at, method, headers, content_type, body, body_size, payload, status, tags)
       VALUES ($1, now() - make_interval(secs => $2), 'POST', '{}', 'application/json', convert_to($3, 'UTF8'), octet_length($3), $3::jsonb, 'routed', $4::text[])
       RETURNING id`,
      [sourceId, index, body, event.tags],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

describe("backtestChain", () => {
  it("runs all rules in order with stop semantics and says what changes per tag against what events got", async () => {
    const source = await createTestSource();
    const [high, urgent, low] = await seed(source.id, [
      { priority: "high", tags: ["hot"] },
      { priority: "urgent", tags: ["old"] },
      { priority: "low", tags: [] },
    ]);
    const rule = (name: string, value: string[], actions: Action[]) =>
      createRule({
        sourceId: source.id,
        actor: TEST_ACTOR,
        input: {
          name,
          conditions: { combinator: "and", rules: [{ field: "body.ticket.priority", operator: "in", value }] },
          actions,
        },
      });
    await rule("Hot", ["high", "urgent"], [{ type: "addTags", tags: ["hot"] }, { type: "stop" }]);
    // Never reached for high/urgent (the first rule stops); tags low ones.
    await rule("Everything", ["high", "urgent", "low"], [{ type: "addTags", tags: ["seen"] }]);

    const result = await backtestChain({ sourceId: source.id, limit: 100 });
    expect(result).toMatchObject({ evaluated: 3, rules: 2, outcomes: { routed: 3, ignored: 0, unmatched: 0 } });
    const byTag = new Map(result!.changes.map((change) => [change.key, change]));
    expect(byTag.get("hot")).toMatchObject({ gained: 1, lost: 0 });
    expect(byTag.get("hot")!.gainedExamples.map((example) => example.eventId)).toEqual([urgent]);
    expect(byTag.get("old")).toMatchObject({ gained: 0, lost: 1 });
    expect(byTag.get("seen")).toMatchObject({ gained: 1, lost: 0 });
    expect(byTag.get("seen")!.gainedExamples.map((example) => example.eventId)).toEqual([low]);
    expect(byTag.has("high")).toBe(false);
    expect(result!.changes.some((change) => change.gainedExamples.some((example) => example.eventId === high))).toBe(
      false,
    );
    expect(describeChanges(result!.changes)).toContain("−1 old");
  });

  it("answers null for a source that does not exist", async () => {
    expect(await backtestChain({ sourceId: "00000000-0000-4000-8000-000000000000", limit: 10 })).toBeNull();
  });
});

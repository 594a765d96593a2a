import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, pool } from "@/lib/db";
import { countEvents } from "@/lib/events/count-events";
import type { EventFilter } from "@/lib/events/event-filter";
import { eventFilterSql } from "@/lib/events/event-filter-sql";
import { listEvents } from "@/lib/events/list-events";
import { createTestSource } from "@/lib/testing/factories";

afterAll(async () => {
  await disconnectDb();
});

interface Seed {
  name: string;
  minutesAgo: number;
  payload?: unknown;
  status?: string;
  type?: string;
  tags?: string[];
  routing?: Record<string, string>;
  duplicates?: number;
}

const NOW = new Date();

/** Inserts events for one source with the given fields; returns name → id. */
async function seed(sourceId: string, events: Seed[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const event of events) {
    const body = JSON.stringify(event.payload ?? null);
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO events (source_id, received_at, method, headers, content_type, body, body_size, payload, status, event_type, tags, routing, duplicate_count)
       VALUES ($1, $2, 'POST', '{}', 'application/json', convert_to($3, 'UTF8'), octet_length($3), $4::jsonb, $5::"EventStatus", $6, $7::text[], $8::jsonb, $9)
       RETURNING id`,
      [
        sourceId,
        new Date(NOW.getTime() - event.minutesAgo * 60_000),
        body,
        event.payload === undefined ? null : body,
        event.status ?? "routed",
        event.type ?? null,
        event.tags ?? [],
        JSON.stringify(event.routing ?? {}),
        event.duplicates ?? 0,
      ],
    );
    ids.set(event.name, rows[0]!.id);
  }
  return ids;
}

let sourceId: string;
let otherSourceId: string;
let ids: Map<string, string>;

beforeAll(async () => {
  sourceId = (await createTestSource()).id;
  otherSourceId = (await createTestSource()).id;
  ids = await seed(sourceId, [
    {
      name: "ada-high",
      minutesAgo: 1,
      payload: {
        data: { customer: { email: "ada@example.com" }, priority: "high", items: [{ sku: "A-1" }, { sku: "B-2" }] },
      },
      status: "routed",
      type: "ticket.created",
      tags: ["vip", "billing"],
      routing: { team: "billing" },
    },
    {
      name: "grace-urgent",
      minutesAgo: 2,
      payload: { data: { customer: { email: "grace@example.com" }, priority: "urgent" } },
      status: "unmatched",
      type: "ticket.updated",
      duplicates: 2,
    },
    {
      name: "linus-low",
      minutesAgo: 3,
      payload: { data: { customer: { email: "linus@example.com" }, priority: "low", tags: ["vip"] } },
      status: "ignored",
      type: "ticket.created",
      tags: ["ops"],
      routing: { team: "ops" },
    },
    {
      name: "number-1",
      minutesAgo: 90,
      payload: { data: { priority: 1, flag: true, gone: null } },
      status: "failed",
      type: "ping",
    },
    {
      name: "string-1",
      minutesAgo: 120,
      payload: { data: { priority: "1", flag: "true", gone: "null" } },
      status: "received",
    },
    {
      name: "odd-keys",
      minutesAgo: 3 * 1440,
      payload: { 'say "hi"': { "a.b": "back\\slash", "c d": "grüße 🚀" }, list: [[1, 2], { "0": "zero" }] },
    },
    { name: "not-json", minutesAgo: 10 * 1440 },
  ]);
  // Same fields on another source: the source filter must keep them out.
  await seed(otherSourceId, [
    {
      name: "elsewhere",
      minutesAgo: 1,
      payload: { data: { customer: { email: "ada@example.com" }, priority: "high" } },
      tags: ["vip"],
    },
  ]);
});

async function names(filter: EventFilter): Promise<string[]> {
  const page = await listEvents({ filter: { source: sourceId, ...filter }, now: NOW });
  const byId = new Map([...ids].map(([name, id]) => [id, name]));
  return page.events.map((event) => byId.get(event.id) ?? `foreign ${event.id}`);
}

describe("listEvents filters", () => {
  it("lists a source's events newest first with their tags, duplicate counts and source", async () => {
    expect(await names({})).toEqual([
      "ada-high",
      "grace-urgent",
      "linus-low",
      "number-1",
      "string-1",
      "odd-keys",
      "not-json",
    ]);
    const page = await listEvents({ sourceId, limit: 2, now: NOW });
    expect(page.events.map((event) => [event.tags, event.duplicateCount])).toEqual([
      [["vip", "billing"], 0],
      [[], 2],
    ]);
    expect(page.events[0]).toMatchObject({
      sourceId,
      method: "POST",
      contentType: "application/json",
      eventType: "ticket.created",
      status: "routed",
    });
    expect(page.events[0]!.sourceName).toMatch(/^source /);
  });

  it("filters by source", async () => {
    const page = await listEvents({ filter: { source: otherSourceId } });
    expect(page.events).toHaveLength(1);
    expect(page.events[0]!.sourceId).toBe(otherSourceId);
  });

  it("filters by status, and 'duplicate' by duplicate_count > 0", async () => {
    expect(await names({ status: "unmatched" })).toEqual(["grace-urgent"]);
    expect(await names({ status: "received" })).toEqual(["string-1"]);
    expect(await names({ status: "duplicate" })).toEqual(["grace-urgent"]);
  });

  it("filters by exact event type", async () => {
    expect(await names({ type: "ticket.created" })).toEqual(["ada-high", "linus-low"]);
    expect(await names({ type: "ticket" })).toEqual([]);
  });

  it("filters by exact tag", async () => {
    expect(await names({ tag: "vip" })).toEqual(["ada-high"]);
    expect(await names({ tag: "VIP" })).toEqual([]);
  });

  it("filters by routing field", async () => {
    expect(await names({ routing: "team=billing" })).toEqual(["ada-high"]);
    expect(await names({ routing: "team=ops" })).toEqual(["linus-low"]);
    expect(await names({ routing: "team=nobody" })).toEqual([]);
  });

  it("filters by time: from, to, and quick ranges", async () => {
    const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
    expect(await names({ range: "1h" })).toEqual(["ada-high", "grace-urgent", "linus-low"]);
    expect(await names({ range: "24h" })).toEqual(["ada-high", "grace-urgent", "linus-low", "number-1", "string-1"]);
    expect(await names({ range: "7d" })).toHaveLength(6);
    // from inclusive, to exclusive
    expect(await names({ from: at(90), to: at(2) })).toEqual(["linus-low", "number-1"]);
  });

  it("filters by conditions on the body (what the retired payload query did): equality, in, and several", async () => {
    expect(await names({ where: 'body.data.customer.email = "ada@example.com"' })).toEqual(["ada-high"]);
    expect(await names({ where: 'body.data.priority in ("high", "urgent")' })).toEqual(["ada-high", "grace-urgent"]);
    expect(await names({ where: 'body.data.priority in ("high", "urgent") and body.data.customer.email = "grace@example.com"' })).toEqual([
      "grace-urgent",
    ]);
    expect(await names({ where: 'body.data.customer.email = "nobody@example.com"' })).toEqual([]);
    expect(await names({ where: 'body.data.customer = "ada@example.com"' })).toEqual([]);
    expect(await names({ where: "body.data.priority = 1" })).toEqual(["number-1", "string-1"]);
  });

  it("names array elements by position or by key; in finds a value inside a list", async () => {
    expect(await names({ where: 'body.data.items[1].sku = "B-2"' })).toEqual(["ada-high"]);
    expect(await names({ where: 'body.data.items[0].sku = "B-2"' })).toEqual([]);
    expect(await names({ where: 'body.data.items[sku="B-2"] exists' })).toEqual(["ada-high"]);
    expect(await names({ where: 'body.data.tags in ("vip")' })).toEqual(["linus-low"]);
    expect(await names({ where: 'body.list[1].0 = "zero"' })).toEqual(["odd-keys"]);
  });

  it("handles field names and values with quotes, dots, spaces, backslashes and non-ASCII", async () => {
    expect(await names({ where: 'body["say \\"hi\\""]["a.b"] = "back\\\\slash"' })).toEqual(["odd-keys"]);
    expect(await names({ where: 'body["say \\"hi\\""]["c d"] = "grüße 🚀"' })).toEqual(["odd-keys"]);
    expect(await names({ where: 'body["say \\"hi\\""]["c d"] = "grüße"' })).toEqual([]);
  });

  it("combines filters with AND", async () => {
    expect(await names({ type: "ticket.created", status: "ignored" })).toEqual(["linus-low"]);
    expect(await names({ tag: "vip", where: 'body.data.priority = "urgent"' })).toEqual([]);
  });
});

describe("listEvents keyset paging", () => {
  it("pages through a filtered list without gaps or repeats, and keeps the filter on every page", async () => {
    const filter: EventFilter = { source: sourceId, where: 'body.data.priority in ("high", "urgent", "low", 1)' };
    const seen: string[] = [];
    let before: string | undefined;
    for (let pageNumber = 0; pageNumber < 10; pageNumber++) {
      const page = await listEvents({ filter, before, limit: 2, now: NOW });
      seen.push(...page.events.map((event) => event.id));
      if (!page.nextCursor) break;
      before = page.nextCursor;
    }
    expect(seen).toEqual(
      ["ada-high", "grace-urgent", "linus-low", "number-1", "string-1"].map((name) => ids.get(name)),
    );
  });

  it("orders events received in the same millisecond by id, and pages through them", async () => {
    const source = await createTestSource();
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO events (source_id, received_at, method, headers, body, body_size, status)
       SELECT $1, $2, 'POST', '{}', '', 0, 'routed' FROM generate_series(1, 5) RETURNING id`,
      [source.id, NOW],
    );
    const expected = rows
      .map((row) => row.id)
      .sort()
      .reverse();
    const first = await listEvents({ sourceId: source.id, limit: 3 });
    const second = await listEvents({ sourceId: source.id, limit: 3, before: first.nextCursor! });
    expect([...first.events, ...second.events].map((event) => event.id)).toEqual(expected);
    expect(second.nextCursor).toBeNull();
  });

  it("reads an unreadable cursor as the first page", async () => {
    const page = await listEvents({ sourceId, before: "garbage", limit: 1, now: NOW });
    expect(page.events[0]!.id).toBe(ids.get("ada-high"));
  });
});

describe("the partial GIN indexes on tags and routing fields (only non-empty values)", () => {
  /** The plan PostgreSQL makes for the filter's SQL, told to avoid reading the whole table. */
  async function plan(filter: EventFilter): Promise<string> {
    const { sql, values } = eventFilterSql(filter, { now: NOW });
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT e.id FROM events e WHERE ${sql}`, values);
      return rows.map((row) => row["QUERY PLAN"]).join("\n");
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  }

  it("serve the tag filter, the routing-field filter and a tags condition", async () => {
    expect(await plan({ tag: "vip" })).toContain("events_tags_idx");
    expect(await plan({ routing: "team=billing" })).toContain("events_routing_idx");
    expect(await plan({ where: 'tags contains "vip"' })).toContain("events_tags_idx");
  });

  it("leave out events without tags or fields", async () => {
    const { rows: indexed } = await pool().query<{ relname: string; predicate: string }>(
      `SELECT c.relname, pg_get_expr(i.indpred, i.indrelid) AS predicate FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname IN ('events_tags_idx', 'events_routing_idx') ORDER BY c.relname`,
    );
    expect(indexed).toEqual([
      { relname: "events_routing_idx", predicate: "(routing <> '{}'::jsonb)" },
      { relname: "events_tags_idx", predicate: "(tags <> '{}'::text[])" },
    ]);
  });
});

describe("countEvents", () => {
  it("counts what the filter selects, up to a cap when one is given", async () => {
    expect(await countEvents({ filter: { source: sourceId }, now: NOW })).toBe(7);
    expect(await countEvents({ filter: { source: sourceId, where: 'body.data.priority in ("high", "urgent")' }, now: NOW })).toBe(2);
    expect(await countEvents({ filter: { source: sourceId }, cap: 3, now: NOW })).toBe(3);
    expect(await countEvents({ filter: { source: sourceId, status: "duplicate" }, cap: 3, now: NOW })).toBe(1);
  });
});

describe("listEvents conditions (the rule builder's text form, evaluated by the engine)", () => {
  it("selects what a rule with the same conditions matches: text search in any case, numbers and numeric strings", async () => {
    expect(await names({ where: 'body.data.customer.email ends with "@EXAMPLE.com"' })).toEqual([
      "ada-high",
      "grace-urgent",
      "linus-low",
    ]);
    expect(await names({ where: 'body.data.priority in ("high", "urgent")' })).toEqual(["ada-high", "grace-urgent"]);
    expect(await names({ where: "body.data.priority = 1" })).toEqual(["number-1", "string-1"]);
    expect(await names({ where: 'body.data.priority = "1"' })).toEqual(["number-1", "string-1"]);
    expect(await names({ where: 'tags contains "vip" or routing.team = "ops"' })).toEqual(["ada-high", "linus-low"]);
    expect(await names({ where: 'not (event.type = "ticket.created") and body.data exists' })).toEqual([
      "grace-urgent",
      "number-1",
      "string-1",
    ]);
    // Case-sensitive equality, as in rules: "HIGH" is not "high".
    expect(await names({ where: 'body.data.priority = "HIGH"' })).toEqual([]);
  });

  it("pages through matches with the same cursor, and counts them as the list does", async () => {
    const where = "body.data exists";
    const first = await listEvents({ filter: { source: sourceId, where }, limit: 2, now: NOW });
    expect(first.events).toHaveLength(2);
    const second = await listEvents({ filter: { source: sourceId, where }, limit: 2, before: first.nextCursor!, now: NOW });
    expect([...first.events, ...second.events].map((event) => event.id)).toEqual(
      ["ada-high", "grace-urgent", "linus-low", "number-1"].map((name) => ids.get(name)),
    );
    expect(await countEvents({ filter: { source: sourceId, where }, now: NOW })).toBe(5);
    expect(await countEvents({ filter: { source: sourceId, where }, cap: 3, now: NOW })).toBe(3);
  });

  it("keeps hostile field names and values in bind parameters", async () => {
    expect(await names({ where: `body["x'); DROP TABLE events; --"] = "a\\" || true"` })).toEqual([]);
    expect(await names({ where: 'body.data.priority = "\\u0000"' })).toEqual([]);
  });
});

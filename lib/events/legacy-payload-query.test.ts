import { describe, expect, it } from "vitest";
import { joinWhere, readLegacyLink, translatePayloadQuery, upgradeStoredEventFilter } from "@/lib/events/legacy-payload-query";
import { EventFilter } from "@/lib/events/event-filter";
import { compileConditions } from "@/lib/rules/evaluate";

function where(q: string): string {
  const result = translatePayloadQuery(q);
  if (!result.ok) throw new Error(`expected "${q}" to translate, got: ${result.message}`);
  return result.where;
}

describe("translatePayloadQuery: the retired payload query in the rules' condition language", () => {
  it.each([
    ["data.customer.email = ada@example.com", 'body.data.customer.email = "ada@example.com"'],
    ['data.customer.email = "ada@example.com"', 'body.data.customer.email = "ada@example.com"'],
    ["data.priority == high", 'body.data.priority = "high"'],
    ["data.priority in (high, urgent)", 'body.data.priority in ("high", "urgent")'],
    ["data.priority IN(high,high)", 'body.data.priority = "high"'],
    ["a = x and b in (1, two, null) AND c = true", 'body.a = "x" and body.b in (1, "two", null) and body.c = true'],
    ["items.0.sku = X", 'body.items[0].sku = "X"'],
    ['fields."360001" = web', 'body.fields.360001 = "web"'],
    ['"a.b"."c d" = "two words, (more)"', 'body["a.b"]["c d"] = "two words, (more)"'],
    ['n = "42"', 'body.n = "42"'],
    ["v = 007", 'body.v = "007"'],
    ["n = 12345678901234567890", 'body.n = "12345678901234567890"'],
  ])("%s → %s", (q, expected) => {
    expect(where(q)).toBe(expected);
  });

  it("selects the same events the old query did (objects; a list at the end of the path)", () => {
    const result = translatePayloadQuery("data.priority in (high, 1) and data.tags = vip");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const test = compileConditions(result.conditions);
    const event = (body: unknown) => test({ event: { id: "e", type: null, method: "POST", headers: {}, body }, source: { id: "s", name: "S" } });
    expect(event({ data: { priority: "high", tags: "vip" } })).toBe(true);
    expect(event({ data: { priority: "1", tags: "vip" } })).toBe(true);
    expect(event({ data: { priority: "low", tags: "vip" } })).toBe(false);
    expect(event({ data: { priority: "high" } })).toBe(false);
  });

  it("says why a query cannot be read", () => {
    expect(translatePayloadQuery("data.priority in high")).toEqual({
      ok: false,
      message: 'Expected "(" after "in" at character 18, as in: data.priority in (a, b)',
    });
  });

  it("joins with conditions already there (both must hold)", () => {
    const q = translatePayloadQuery("data.priority = high");
    if (!q.ok) throw new Error("translates");
    expect(joinWhere(undefined, q)).toBe('body.data.priority = "high"');
    expect(joinWhere('tags contains "vip" or event.type = "a"', q)).toBe('(tags contains "vip" or event.type = "a") and body.data.priority = "high"');
    expect(joinWhere("body.x = 1 or", q)).toBe('(body.x = 1 or) and body.data.priority = "high"');
  });

  it("upgrades a stored bulk-replay filter that still has q", () => {
    const upgraded = upgradeStoredEventFilter({ source: "5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10", q: "priority = high" });
    expect(upgraded).toEqual({ source: "5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10", where: 'body.priority = "high"' });
    expect(EventFilter.parse(upgraded)).toEqual(upgraded);
    expect(upgradeStoredEventFilter({ status: "failed" })).toEqual({ status: "failed" });
    // Unreadable: left for the schema to refuse.
    expect(EventFilter.safeParse(upgradeStoredEventFilter({ q: "priority in high" })).success).toBe(false);
  });

  it("reads an old events link: the same filter with where, or why not", () => {
    const link = readLegacyLink({ source: "s", q: "data.priority = high", where: 'tags contains "vip"', before: "c" });
    expect(link.kind === "translated" && Object.fromEntries(link.query)).toEqual({
      source: "s",
      before: "c",
      where: 'tags contains "vip" and body.data.priority = "high"',
      from_q: "data.priority = high",
    });
    expect(readLegacyLink({ source: "s" })).toEqual({ kind: "none" });
    expect(readLegacyLink({ q: "a =" })).toEqual({ kind: "unreadable", q: "a =", message: "Expected a value at the end of the query" });
  });
});

import { describe, expect, it } from "vitest";
import { areaOf, loopsOf } from "./check-architecture";

describe("areaOf", () => {
  it.each([
    ["lib/db.ts", "lib/db.ts"],
    ["lib/sources/create-source.ts", "lib/sources"],
    ["lib/pipeline/ingest/receive.ts", "lib/pipeline/ingest"],
    ["lib/pipeline/dispatch/attempt-delivery.ts", "lib/pipeline/dispatch"],
    ["components/ui/button.tsx", "components/ui"],
    ["app/(dashboard)/events/page.tsx", "app"],
    ["worker/deliver.ts", "worker"],
    ["proxy.ts", "proxy.ts"],
  ])("%s is in %s", (path, area) => {
    expect(areaOf(path)).toBe(area);
  });

  it.each(["lib/sources/schema.test.ts", "worker/deliver.int.test.ts", "lib/generated/prisma/client.ts", "node_modules/pg/lib/index.js"])("%s is left out", (path) => {
    expect(areaOf(path)).toBeNull();
  });
});

describe("loopsOf", () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

  it("finds none where every arrow points down", () => {
    expect(loopsOf(graph({ app: ["lib/a", "lib/b"], "lib/a": ["lib/b", "lib/db.ts"], "lib/b": ["lib/db.ts"], "lib/db.ts": [] }))).toEqual([]);
  });

  it("finds each loop once, with every folder on it, however long", () => {
    const loops = loopsOf(graph({ "lib/a": ["lib/b"], "lib/b": ["lib/c"], "lib/c": ["lib/a", "lib/d"], "lib/d": ["lib/e"], "lib/e": ["lib/d"], "lib/f": ["lib/a"] }));
    expect(loops).toEqual(expect.arrayContaining([["lib/a", "lib/b", "lib/c"], ["lib/d", "lib/e"]]));
    expect(loops).toHaveLength(2);
  });

  it("counts a folder that imports itself through a self-arrow", () => {
    expect(loopsOf(graph({ "lib/a": ["lib/a"] }))).toEqual([["lib/a"]]);
  });
});

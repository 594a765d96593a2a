import { describe, expect, it } from "vitest";
import { compileField, formatBodyPath, parseField } from "./fields";
import { makeCtx } from "@/lib/testing/rule-fixtures";

describe("parseField", () => {
  it.each([
    ["body", { kind: "body", path: [] }],
    [
      "body.a.b",
      {
        kind: "body",
        path: [
          { key: "a", index: undefined },
          { key: "b", index: undefined },
        ],
      },
    ],
    [
      "body.items[0].sku",
      {
        kind: "body",
        path: [
          { key: "items", index: undefined },
          { key: "0", index: 0 },
          { key: "sku", index: undefined },
        ],
      },
    ],
    [
      "body.items.12",
      {
        kind: "body",
        path: [
          { key: "items", index: undefined },
          { key: "12", index: 12 },
        ],
      },
    ],
    [
      "body.items.012",
      {
        kind: "body",
        path: [
          { key: "items", index: undefined },
          { key: "012", index: undefined },
        ],
      },
    ],
    [
      'body["a.b"]["x \\"y\\""]',
      {
        kind: "body",
        path: [
          { key: "a.b", index: undefined },
          { key: 'x "y"', index: undefined },
        ],
      },
    ],
    ["body.x-y_z:1", { kind: "body", path: [{ key: "x-y_z:1", index: undefined }] }],
    ["headers.X-GitHub-Event", { kind: "header", name: "x-github-event" }],
    ["headers", { kind: "headers" }],
    ["event.type", { kind: "event", prop: "type" }],
    ["event.method", { kind: "event", prop: "method" }],
    ["source.name", { kind: "source", prop: "name" }],
    ["routing.team", { kind: "routing", key: "team" }],
    ["routing", { kind: "routingAll" }],
    ["tags", { kind: "tags" }],
  ])("%s", (field, expected) => {
    expect(parseField(field)).toEqual({ ok: true, field: expected });
  });

  it.each([
    ["", /required/],
    ["bodyx", /Unknown field/],
    ["body.", /Empty path segment/],
    ["body.a[", /Missing \]/],
    ["body.a[-1]", /non-negative integer/],
    ['body["x', /Unterminated/],
    ["body.a b", /special characters/],
    ["body.a]", /special characters/],
    ["headers.", /Header name/],
    ["routing.", /Routing key/],
    ["event.body", /Unknown event field/],
    ["source.secret", /Unknown source field/],
    ["tags.0", /Unknown field/],
    ["x".repeat(501), /too long/],
  ])("rejects %s", (field, message) => {
    const result = parseField(field);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe("compileField resolves", () => {
  const ctx = makeCtx(
    { items: [{ sku: "A" }, { sku: "B" }], map: { "0": "zero", "a.b": 1 }, n: null },
    {},
    { routing: { team: "ops" }, tags: ["x"] },
  );
  it.each([
    ["body.items[1].sku", "B"],
    ["body.items.1.sku", "B"],
    ["body.items[2]", undefined],
    ["body.map.0", "zero"],
    ["body.map[0]", "zero"],
    ['body.map["a.b"]', 1],
    ["body.n", null],
    ["body.n.x", undefined],
    ["body.items.length", undefined],
    ["body.toString", undefined],
    ["headers.X-Signature", "abc123"],
    ["headers.hasOwnProperty", undefined],
    ["routing.team", "ops"],
    ["routing.constructor", undefined],
    ["tags", ["x"]],
    ["event.method", "POST"],
    ["nonsense", undefined],
  ])("%s", (field, expected) => {
    expect(compileField(field).resolve(ctx)).toEqual(expected);
  });
});

describe("formatBodyPath", () => {
  it("round-trips through parseField", () => {
    const segments = ["a", 0, "x.y", "with space", 'q"uote', "", "0", "ok-key"];
    const field = formatBodyPath(segments);
    expect(field).toBe('body.a[0]["x.y"]["with space"]["q\\"uote"][""].0.ok-key');
    const parsed = parseField(field);
    expect(parsed.ok && parsed.field.kind === "body" && parsed.field.path.map((s) => s.key)).toEqual([
      "a",
      "0",
      "x.y",
      "with space",
      'q"uote',
      "",
      "0",
      "ok-key",
    ]);
  });
});

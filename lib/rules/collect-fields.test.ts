import { describe, expect, it } from "vitest";
import { collectFields } from "./collect-fields";
import { compileField, parseField } from "./fields";
import { makeCtx } from "@/lib/testing/rule-fixtures";

const samples = [
  {
    type: "ticket.created",
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Zendesk-Signature": "s1" },
    body: { ticket: { id: 1, subject: "Printer on fire", tags: ["a", "b"] }, priority: "high", "odd.key": true },
  },
  {
    type: "ticket.updated",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: { ticket: { id: "2", subject: "x".repeat(150), tags: [] }, priority: null },
  },
  {
    type: "ticket.created",
    method: "POST",
    headers: {},
    body: { ticket: { id: 3, subject: "Printer on fire" }, items: [{ sku: "A1" }, { sku: "B2" }] },
  },
  "not an event",
  null,
  { body: null },
];

describe("collectFields", () => {
  const fields = collectFields(samples, { limit: 100 });
  const byName = new Map(fields.map((f) => [f.field, f]));

  it("lists body paths, headers and event fields with counts, types and samples", () => {
    expect(byName.get("body.ticket.id")).toEqual({
      field: "body.ticket.id",
      types: ["number", "string"],
      count: 3,
      samples: [1, "2", 3],
    });
    expect(byName.get("body.ticket.subject")).toEqual({
      field: "body.ticket.subject",
      types: ["string"],
      count: 3,
      samples: ["Printer on fire", `${"x".repeat(100)}…`],
    });
    expect(byName.get("body.priority")).toEqual({
      field: "body.priority",
      types: ["string", "null"],
      count: 2,
      samples: ["high", null],
    });
    expect(byName.get("body.ticket")).toMatchObject({ types: ["object"], count: 3, samples: [] });
    expect(byName.get("body.ticket.tags")).toMatchObject({ types: ["array"], count: 2 });
    expect(byName.get("body.ticket.tags[0]")).toMatchObject({ types: ["string"], count: 1, samples: ["a"] });
    expect(byName.get("body.items[0].sku")).toMatchObject({ count: 1, samples: ["A1"] });
    expect(byName.has("body.items[1].sku")).toBe(false);
    expect(byName.get('body["odd.key"]')).toMatchObject({ types: ["boolean"], samples: [true] });
    expect(byName.get("headers.content-type")).toMatchObject({ count: 2, samples: ["application/json"] });
    expect(byName.get("headers.x-zendesk-signature")).toMatchObject({ count: 1 });
    expect(byName.get("event.type")).toMatchObject({ count: 3, samples: ["ticket.created", "ticket.updated"] });
  });

  it("lists the body first, then event fields, then headers; each by frequency, then name", () => {
    const rank = (field: string) => (field.startsWith("body") ? 0 : field.startsWith("headers.") ? 2 : 1);
    const ranks = fields.map((f) => rank(f.field));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const group of [0, 1, 2]) {
      const counts = fields.filter((f) => rank(f.field) === group).map((f) => f.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
    expect(fields.slice(0, 3).map((f) => f.field)).toEqual(["body.ticket", "body.ticket.id", "body.ticket.subject"]);
    expect(fields.findIndex((f) => f.field.startsWith("headers."))).toBeGreaterThan(fields.findIndex((f) => f.field === "event.type"));
  });

  it("emits only valid field references", () => {
    for (const f of fields) expect(parseField(f.field).ok).toBe(true);
  });

  it("respects the limit and depth", () => {
    expect(collectFields(samples, { limit: 3 })).toHaveLength(3);
    let deep: unknown = "leaf";
    for (let i = 0; i < 50; i++) deep = { d: deep };
    const out = collectFields([{ body: deep }], { maxDepth: 5 });
    expect(out).toHaveLength(5);
    expect(collectFields([])).toEqual([]);
  });
});

describe("arrays of elements with ids", () => {
  const zendesk = {
    body: {
      ticket: {
        custom_fields: [
          { id: 360001, value: "refund" },
          { id: 360002, value: "Maria" },
        ],
        // No key tells these apart: listed by position only.
        via: [{ channel: "web" }, { channel: "web" }],
      },
    },
  };
  const byName = new Map(collectFields([zendesk]).map((f) => [f.field, f]));

  it("lists each element by its id as well as the first by position", () => {
    expect(byName.get("body.ticket.custom_fields[id=360001].value")).toMatchObject({ samples: ["refund"] });
    expect(byName.get("body.ticket.custom_fields[id=360002].value")).toMatchObject({ samples: ["Maria"] });
    expect(byName.get("body.ticket.custom_fields[0].value")).toMatchObject({ samples: ["refund"] });
    expect(byName.has("body.ticket.custom_fields[id=360001].id")).toBe(false);
    expect([...byName.keys()].filter((field) => field.includes("via["))).toEqual(["body.ticket.via[0]", "body.ticket.via[0].channel"]);
  });

  it("emits references the rule engine resolves to the listed sample", () => {
    for (const [field, collected] of byName) {
      expect(parseField(field).ok).toBe(true);
      const resolved = compileField(field).resolve(makeCtx(zendesk.body));
      if (collected.samples.length > 0) expect(resolved).toEqual(collected.samples[0]);
    }
  });
});

import { describe, expect, it } from "vitest";
import { conditionValueOf, jsonTree, type JsonNode } from "@/lib/events/json-tree";
import { parseField, resolverFor } from "@/lib/rules/fields";

function scalars(node: JsonNode | null): Array<[string, string]> {
  if (!node) return [];
  if (node.kind === "scalar") return [[node.field, node.text]];
  if (node.kind === "array") return node.items.flatMap(scalars);
  return node.entries.flatMap((entry) => scalars(entry.value));
}

describe("jsonTree: each value of a body with the rule field that reaches it", () => {
  it("keeps keys in written order and numbers as spelled", () => {
    const tree = jsonTree('{"b": 1.0, "a": {"2": true, "1": null}, "n": 12345678901234567890}');
    expect(tree?.kind === "object" && tree.entries.map((entry) => entry.key)).toEqual(["b", "a", "n"]);
    expect(scalars(tree)).toEqual([
      ["body.b", "1.0"],
      ["body.a.2", "true"],
      ["body.a.1", "null"],
      ["body.n", "12345678901234567890"],
    ]);
  });

  it("reaches array elements by their id when they have one, by position otherwise", () => {
    const text = JSON.stringify({
      custom_fields: [
        { id: 360001, value: "web" },
        { id: 360002, value: "refund" },
      ],
      tags: ["vip", "eu"],
      "odd key": [{ x: 1 }, { x: 1 }],
    });
    expect(scalars(jsonTree(text))).toEqual([
      ["body.custom_fields[id=360001].id", "360001"],
      ["body.custom_fields[id=360001].value", '"web"'],
      ["body.custom_fields[id=360002].id", "360002"],
      ["body.custom_fields[id=360002].value", '"refund"'],
      ["body.tags[0]", '"vip"'],
      ["body.tags[1]", '"eu"'],
      ['body["odd key"][0].x', "1"],
      ['body["odd key"][1].x', "1"],
    ]);
  });

  it("gives fields the rules engine resolves to the same value", () => {
    const body = { ticket: { custom_fields: [{ id: "a.b", value: 'say "hi"' }], "x.y": [[1, 2]] } };
    for (const [field] of scalars(jsonTree(JSON.stringify(body)))) {
      const parsed = parseField(field);
      expect(parsed.ok, field).toBe(true);
      if (!parsed.ok) continue;
      const resolved = resolverFor(parsed.field)({ event: { id: "e", type: null, method: "POST", headers: {}, body }, source: { id: "s", name: "S" } });
      expect(resolved, field).not.toBeUndefined();
    }
  });

  it("is null for what is not JSON, or too big to show as a tree", () => {
    expect(jsonTree("not json")).toBeNull();
    expect(jsonTree(JSON.stringify(Array.from({ length: 5001 }, (_, i) => i)))).toBeNull();
    expect(jsonTree('"just a string"')).toEqual({ kind: "scalar", text: '"just a string"', value: "just a string", field: "body" });
  });

  it("keeps numbers JavaScript would round as their digits", () => {
    expect(conditionValueOf({ text: "12345678901234567890", value: Number("12345678901234567890") })).toBe("12345678901234567890");
    expect(conditionValueOf({ text: "1.5", value: 1.5 })).toBe(1.5);
    expect(conditionValueOf({ text: '"x"', value: "x" })).toBe("x");
  });
});

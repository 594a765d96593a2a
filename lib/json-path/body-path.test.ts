import { describe, expect, it } from "vitest";
import { formatPath, MAX_SELECTOR_SCAN, parseBodyPath, scalarEquals, walkPath, type FormatSegment } from "@/lib/json-path/body-path";

// A Zendesk ticket as a trigger sends it: custom fields are an array of { id, value }.
const ticket = {
  ticket: {
    id: 35436,
    custom_fields: [
      { id: 360001, value: "refund" },
      { id: "360002", value: "Maria" },
      { id: 360003, value: null },
      { key: "plan", value: "gold" },
    ],
    flags: [{ on: true, name: "vip" }],
  },
};

function resolve(path: string, root: unknown = ticket): unknown {
  const parsed = parseBodyPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return walkPath(root, parsed.path);
}

describe("array elements by key", () => {
  it.each([
    [".ticket.custom_fields[id=360001].value", "refund"],
    // 360002 given as a number matches the string "360002", and the other way round (as the rules' =).
    [".ticket.custom_fields[id=360002].value", "Maria"],
    ['.ticket.custom_fields[id="360001"].value', "refund"],
    [".ticket.custom_fields[id=360003].value", null],
    [".ticket.custom_fields[id=9].value", undefined],
    [".ticket.custom_fields[key=plan].value", "gold"],
    ['.ticket.custom_fields[key = "plan"].value', "gold"],
    [".ticket.flags[on=true].name", "vip"],
    [".ticket.flags[on=\"TRUE\"].name", "vip"],
    // Positions still work beside keys.
    [".ticket.custom_fields[1].value", "Maria"],
    [".ticket.custom_fields.0.id", 360001],
    // A match on something that is not an array, or no such key: missing.
    [".ticket[id=35436]", undefined],
    [".ticket.custom_fields[value=refund].id", 360001],
  ])("%s", (path, expected) => {
    expect(resolve(path)).toEqual(expected);
  });

  it("matches a key written as a JSON string, and a bare word value", () => {
    const root = { rows: [{ "field id": "a b", v: 1 }] };
    expect(resolve('.rows["field id"="a b"].v', root)).toBe(1);
    expect(resolve('.rows["field id"=a b].v', root)).toBe(1);
  });

  it("follows own properties only", () => {
    expect(resolve(".ticket.custom_fields[constructor=Object]")).toBeUndefined();
    expect(resolve(".ticket.custom_fields.length")).toBeUndefined();
    expect(resolve(".__proto__")).toBeUndefined();
    expect(resolve(".ticket.custom_fields[__proto__=null]")).toBeUndefined();
  });

  it(`searches only the first ${MAX_SELECTOR_SCAN} elements of a hostile array`, () => {
    const rows = Array.from({ length: MAX_SELECTOR_SCAN + 5 }, (_, id) => ({ id }));
    expect(resolve(`.rows[id=${MAX_SELECTOR_SCAN - 1}].id`, { rows })).toBe(MAX_SELECTOR_SCAN - 1);
    expect(resolve(`.rows[id=${MAX_SELECTOR_SCAN}].id`, { rows })).toBeUndefined();
  });

  it.each([
    [".a[id=]", /needs a value/],
    [".a[id=1", /Missing \]/],
    [".a[x y=1]", /write the key as \["x y"=…\]/],
    [".a[=1]", /write the key as/],
    ['.a[id="x]', /Unterminated/],
    ['.a[id="x" y]', /Missing \] after the quoted value/],
    [".a[id=[1]]", /double quotes/],
    [".a[-1]", /non-negative integer/],
    ['.a["k"x]', /Expected \] or =/],
  ])("rejects %s with a message", (path, message) => {
    const parsed = parseBodyPath(path);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe("scalarEquals", () => {
  it.each([
    [5, 5, true],
    ["5", 5, true],
    [5, "5.0", true],
    ["abc", "ABC", false],
    [true, "true", true],
    ["false", false, true],
    [null, null, true],
    [null, "null", false],
    [0, false, false],
    [{}, "x", false],
  ] as const)("%j = %j → %s", (actual, expected, result) => {
    expect(scalarEquals(actual, expected)).toBe(result);
  });
});

describe("formatPath", () => {
  it("writes what parseBodyPath reads back", () => {
    const segments: FormatSegment[] = ["custom_fields", { selector: { key: "id", value: 360001 } }, "value", 0, "x.y", { selector: { key: "a b", value: "it's \"q\"" } }];
    const text = formatPath("body", segments);
    expect(text).toBe('body.custom_fields[id=360001].value[0]["x.y"]["a b"="it\'s \\"q\\""]');
    const parsed = parseBodyPath(text.slice(4));
    expect(parsed).toEqual({
      ok: true,
      path: [
        { key: "custom_fields", index: undefined },
        { selector: { key: "id", value: 360001 } },
        { key: "value", index: undefined },
        { key: "0", index: 0 },
        { key: "x.y", index: undefined },
        { selector: { key: "a b", value: 'it\'s "q"' } },
      ],
    });
  });

  it("starts without a dot when there is no root", () => {
    expect(formatPath("", ["ticket", "id"])).toBe("ticket.id");
  });
});

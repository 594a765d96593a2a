import { describe, expect, it } from "vitest";
import { clauseToJsonPath, parsePayloadQuery, type PayloadClause } from "@/lib/events/payload-query";

function clauses(text: string): PayloadClause[] {
  const result = parsePayloadQuery(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.message}`);
  return result.clauses;
}

function paths(text: string): string[] {
  return clauses(text).map(clauseToJsonPath);
}

function failure(text: string): string {
  const result = parsePayloadQuery(text);
  if (result.ok) throw new Error(`expected "${text}" to be refused`);
  return result.message;
}

describe("parsePayloadQuery: what parses, and the SQL/JSON path it becomes", () => {
  it.each([
    ["data.customer.email = ada@example.com", ['$."data"."customer"."email" == "ada@example.com"']],
    ['data.customer.email = "ada@example.com"', ['$."data"."customer"."email" == "ada@example.com"']],
    ["  data.priority   =   high  ", ['$."data"."priority" == "high"']],
    ["data.priority == high", ['$."data"."priority" == "high"']],
    ["data.priority in (high, urgent)", ['$."data"."priority" == "high" || $."data"."priority" == "urgent"']],
    ["data.priority IN(high,urgent)", ['$."data"."priority" == "high" || $."data"."priority" == "urgent"']],
    ['data.priority in ("high")', ['$."data"."priority" == "high"']],
    ["data.priority in (high, high)", ['$."data"."priority" == "high"']],
    [
      "data.customer.email = x and data.priority in (high, urgent)",
      ['$."data"."customer"."email" == "x"', '$."data"."priority" == "high" || $."data"."priority" == "urgent"'],
    ],
    [
      "a = 1 AND b = 2 And c = 3",
      ['$."a" == 1 || $."a" == "1"', '$."b" == 2 || $."b" == "2"', '$."c" == 3 || $."c" == "3"'],
    ],
  ])("%s", (text, expected) => {
    expect(paths(text)).toEqual(expected);
  });

  it("reads bare numbers, booleans and null as that JSON value and as text; quoted as text only", () => {
    expect(paths("n = 42")).toEqual(['$."n" == 42 || $."n" == "42"']);
    expect(paths("n = -1.5e3")).toEqual(['$."n" == -1.5e3 || $."n" == "-1.5e3"']);
    expect(paths("n = 12345678901234567890")).toEqual([
      '$."n" == 12345678901234567890 || $."n" == "12345678901234567890"',
    ]);
    expect(paths("ok = true")).toEqual(['$."ok" == true || $."ok" == "true"']);
    expect(paths("ok = false")).toEqual(['$."ok" == false || $."ok" == "false"']);
    expect(paths("gone = null")).toEqual(['$."gone" == null || $."gone" == "null"']);
    expect(paths('n = "42"')).toEqual(['$."n" == "42"']);
    expect(paths('ok = "true"')).toEqual(['$."ok" == "true"']);
    expect(paths("n in (1, two, null)")).toEqual([
      '$."n" == 1 || $."n" == "1" || $."n" == "two" || $."n" == null || $."n" == "null"',
    ]);
  });

  it("keeps text that only looks like a number or keyword as text", () => {
    // Not JSON numbers or literals: a leading zero, a trailing dot, capitals, a plus sign.
    for (const value of ["007", "1.", "True", "NULL", "+1", ".5", "1e", "0x10"]) {
      expect(paths(`v = ${value}`)).toEqual([`$."v" == ${JSON.stringify(value)}`]);
    }
  });

  it("reads digits in a path as an array position, and quoted digits as a key", () => {
    expect(clauses("items.0.sku = X")[0]!.path).toEqual([{ key: "items" }, { index: 0 }, { key: "sku" }]);
    expect(paths("items.0.sku = X")).toEqual(['$."items"[0]."sku" == "X"']);
    expect(paths('fields."360001" = web')).toEqual(['$."fields"."360001" == "web"']);
    expect(failure("items.100001.sku = X")).toBe("Array position 100001 is too large at character 7");
  });

  it("takes quoted field names with dots, spaces, quotes and backslashes", () => {
    expect(clauses('headers."content-type" = json')[0]!.path).toEqual([{ key: "headers" }, { key: "content-type" }]);
    expect(clauses('"a.b"."c d" = 1')[0]!.path).toEqual([{ key: "a.b" }, { key: "c d" }]);
    expect(clauses('"say \\"hi\\"".x = 1')[0]!.path).toEqual([{ key: 'say "hi"' }, { key: "x" }]);
    expect(paths('"back\\\\slash" = 1')).toEqual(['$."back\\\\slash" == 1 || $."back\\\\slash" == "1"']);
    expect(clauses("kebab-case.snake_case.$dollar = 1")[0]!.path).toEqual([
      { key: "kebab-case" },
      { key: "snake_case" },
      { key: "$dollar" },
    ]);
  });

  it("escapes quoted values, keeps their spaces, and allows an empty string", () => {
    expect(paths('s = "two words, and (more)"')).toEqual(['$."s" == "two words, and (more)"']);
    expect(paths('s = "a \\"quote\\" and a \\\\"')).toEqual(['$."s" == "a \\"quote\\" and a \\\\"']);
    expect(paths('s = ""')).toEqual(['$."s" == ""']);
    expect(paths('s = "tab\there"')).toEqual(['$."s" == "tab\\there"']);
    expect(paths("s = grüße")).toEqual(['$."s" == "grüße"']);
    expect(paths('s = "🚀"')).toEqual(['$."s" == "🚀"']);
  });

  it("treats `and`/`in` inside words and paths as plain text", () => {
    expect(clauses("brand.index = android")[0]).toEqual({
      path: [{ key: "brand" }, { key: "index" }],
      values: [{ kind: "bare", text: "android", json: null }],
    });
    expect(clauses("in = and")[0]!.path).toEqual([{ key: "in" }]);
    expect(failure("a = x andy = 1")).toBe('Expected "and" or the end of the query at character 7, found "andy"');
  });
});

describe("parsePayloadQuery: clear messages for what does not parse", () => {
  it.each([
    ["", "The query is empty"],
    ["   ", "The query is empty"],
    ["data.customer.email", 'Expected "=" or "in" after data.customer.email'],
    ["data.customer.email ~ x", 'Expected "=" or "in" after data.customer.email at character 21, found "~"'],
    ["data.customer.email != x", 'Expected "=" or "in" after data.customer.email at character 21, found "!="'],
    ["data.priority =", "Expected a value at the end of the query"],
    [
      "data.priority = ,",
      'Expected a value at character 17, found ","; quote values that contain spaces or punctuation',
    ],
    ["data.priority in high", 'Expected "(" after "in" at character 18, as in: data.priority in (a, b)'],
    ["data.priority in (high, urgent", 'The "in" list opened at character 15 is not closed with ")"'],
    ["data.priority in (high urgent)", 'Expected "," or ")" at character 24, found "urgent)"'],
    [
      "data.priority in ()",
      'Expected a value at character 19, found ")"; quote values that contain spaces or punctuation',
    ],
    ['data.subject = "unclosed', "The quote opened at character 16 is not closed"],
    [
      "a = 1 or b = 2",
      'Only "and" can join conditions; for either of several values use: path in (a, b) (at character 7)',
    ],
    ["a = 1 b = 2", 'Expected "and" or the end of the query at character 7, found "b"'],
    ["a = 1 and", 'Expected a condition after "and" at character 7'],
    ["a = 1 and and b = 2", 'Expected "=" or "in" after and at character 15, found "b"'],
    ["data. = 1", 'Expected a field name after "." at character 6'],
    ["data.", 'Expected a field name after "." at character 6'],
    ["= 1", 'Expected a field path at character 1, found "="'],
    ['"".x = 1', "A quoted field name cannot be empty at character 1"],
    ["a = x y", 'Expected "and" or the end of the query at character 7, found "y"'],
  ])("%j → %s", (text, message) => {
    expect(failure(text)).toBe(message);
  });

  it("refuses characters PostgreSQL's JSON cannot hold", () => {
    expect(failure('s = "nul\u0000"')).toBe("Invalid character in the text at character 5");
    expect(failure('s = "\uD800"')).toBe("Invalid character in the text at character 5");
  });

  it("bounds the size of a query", () => {
    expect(failure("a = 1".padEnd(2001, " "))).toBe("The query is longer than 2000 characters");
    expect(failure(Array.from({ length: 11 }, (_, i) => `f${i} = 1`).join(" and "))).toBe(
      'At most 10 conditions joined with "and"',
    );
    expect(failure(`v in (${Array.from({ length: 51 }, (_, i) => i).join(",")})`)).toBe(
      'At most 50 values in one "in" list',
    );
    expect(failure(`${Array.from({ length: 21 }, () => "a").join(".")} = 1`)).toBe("A path has at most 20 parts");
  });
});

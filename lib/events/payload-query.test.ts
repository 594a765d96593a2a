import { describe, expect, it } from "vitest";
import { parsePayloadQuery } from "@/lib/events/payload-query";

function failure(text: string): string {
  const result = parsePayloadQuery(text);
  if (result.ok) throw new Error(`expected "${text}" to be refused`);
  return result.message;
}

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

  it("still knows where a number in a path is too large", () => {
    expect(failure("items.100001.sku = X")).toBe("Array position 100001 is too large at character 7");
    expect(failure("a = x andy = 1")).toBe('Expected "and" or the end of the query at character 7, found "andy"');
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

import { describe, expect, it } from "vitest";
import { prettyJsonText } from "@/lib/events/pretty-json";

describe("prettyJsonText", () => {
  it.each([
    // Integer-like keys stay where they were written (JSON.parse would move "10" and "2" first).
    ['{"b":1,"10":2,"a":{"2":3}}', '{\n  "b": 1,\n  "10": 2,\n  "a": {\n    "2": 3\n  }\n}'],
    // Numbers and escapes as written; duplicate keys kept.
    ['{"n":1.0,"big":12345678901234567890,"e":1E3,"s":"a\\"b\\u00e9{,}","n":2}', '{\n  "n": 1.0,\n  "big": 12345678901234567890,\n  "e": 1E3,\n  "s": "a\\"b\\u00e9{,}",\n  "n": 2\n}'],
    ['  [ 1 , [ ] , { } , null ]  ', "[\n  1,\n  [],\n  {},\n  null\n]"],
    ['"just a string"', '"just a string"'],
    ["true", "true"],
  ])("%s", (input, expected) => {
    expect(prettyJsonText(input)).toBe(expected);
    expect(JSON.parse(prettyJsonText(input)!)).toEqual(JSON.parse(input));
  });

  it("answers null for what is not JSON", () => {
    for (const text of ["", "{", "{'a':1}", "a=1&b=2", '{"a":1} trailing']) expect(prettyJsonText(text)).toBeNull();
  });
});

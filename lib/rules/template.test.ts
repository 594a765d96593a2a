import { describe, expect, it } from "vitest";
import { compileJsonTemplate, compileTextTemplate, validateJsonTemplate, validateTextTemplate } from "./template";
import { makeCtx } from "@/lib/testing/rule-fixtures";

const ctx = makeCtx(
  {
    subject: 'He said "hi"\nthen left \\ bye',
    unicode: "café ☕ \u2028 end",
    n: 42,
    flag: false,
    nul: null,
    obj: { a: [1, "two"] },
    ticket: { id: 7 },
  },
  {},
  { routing: { team: "ops" }, tags: ["vip"] },
);

function render(template: string) {
  const compiled = compileJsonTemplate(template);
  expect(compiled.errors).toEqual([]);
  const out = compiled.render(ctx);
  return { out, json: JSON.parse(out) as unknown };
}

describe("JSON templates", () => {
  it.each([
    ['{"v": "{{ body.subject }}"}', { v: 'He said "hi"\nthen left \\ bye' }],
    ['{"v": "{{body.unicode}}"}', { v: "café ☕ \u2028 end" }],
    ['{"v": "{{ body.n }}"}', { v: 42 }],
    ['{"v": {{ body.n }}}', { v: 42 }],
    ['{"v": "{{ body.flag }}"}', { v: false }],
    ['{"v": "{{ body.nul }}"}', { v: null }],
    ['{"v": "{{ body.obj }}"}', { v: { a: [1, "two"] } }],
    ['{"v": "{{ body.missing }}"}', { v: null }],
    ['{"v": {{ body.missing.deep }}}', { v: null }],
    ['{"v": "#{{ body.ticket.id }}: {{ body.subject }}"}', { v: '#7: He said "hi"\nthen left \\ bye' }],
    ['{"v": "[{{ body.missing }}] [{{ body.nul }}] [{{ body.obj }}]"}', { v: '[] [] [{"a":[1,"two"]}]' }],
    [
      '{"team": "{{ routing.team }}", "tags": {{ tags }}, "sig": "{{ headers.x-signature }}", "src": "{{ source.name }}"}',
      { team: "ops", tags: ["vip"], sig: "abc123", src: "Zendesk" },
    ],
    [
      '[{{ body.n }}, "{{ event.type }}", "plain {{ not a placeholder"]',
      [42, "ticket.created", "plain {{ not a placeholder"],
    ],
    ['{"escaped \\"{{ body.n }}\\" quote": 1}', { 'escaped "42" quote': 1 }],
    ['{"static": "no placeholders", "n": 1.5e2}', { static: "no placeholders", n: 150 }],
  ])("%s", (template, expected) => {
    expect(render(template).json).toEqual(expected);
  });

  it("lists the fields it uses", () => {
    expect(compileJsonTemplate('{"a": "{{ body.x }}", "b": "{{ routing.team }} {{ tags }}"}').fields).toEqual([
      "body.x",
      "routing.team",
      "tags",
    ]);
  });

  it.each([
    ['{"a": }', /not valid JSON/],
    ['{"a": "{{ body.x }}" "b": 1}', /not valid JSON/],
    ['{"a": {{ body.x }', /Unclosed placeholder|not valid JSON/],
    ['{"a": "{{ bogus.field }}"}', /Unknown field/],
    ['{"a": "{{ }}"}', /Empty placeholder/],
    ['{"a": "unterminated}', /not valid JSON/],
  ])("rejects %s", (template, message) => {
    expect(validateJsonTemplate(template).join("\n")).toMatch(message);
  });
});

describe("text templates", () => {
  it.each([
    ["{{ body.n }}", "42"],
    ["p-{{ body.flag }}-{{ body.missing }}-{{ body.nul }}", "p-false--"],
    ["{{ body.obj }}", '{"a":[1,"two"]}'],
    ["{{routing.team}}/{{ tags }}", 'ops/["vip"]'],
    ["plain", "plain"],
    ["", ""],
  ])("%s → %s", (template, expected) => {
    const compiled = compileTextTemplate(template);
    expect(compiled.errors).toEqual([]);
    expect(compiled.render(ctx)).toBe(expected);
  });

  it("rejects invalid fields", () => {
    expect(validateTextTemplate("{{ body..x }}")[0]).toMatch(/Empty path segment/);
    expect(validateTextTemplate("{{ nope }}")[0]).toMatch(/Unknown field/);
  });
});

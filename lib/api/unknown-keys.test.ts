// Inputs the API (and the forms) take refuse keys they do not have, naming them, instead of
// dropping them silently: a source's top level and its scheme options (by scheme), a rule's top
// level, each condition and group of its tree, each action and a forward's body. The document
// describes the same: scheme options per scheme, the condition tree by its component.
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, type JsonObject } from "@/lib/api/openapi";
import { BacktestInput } from "@/lib/rules/backtest";
import { RuleInput } from "@/lib/rules/rule-input";
import { SourceCreateInput, SourceUpdateInput } from "@/lib/sources/schema";

function issues(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

const rule = {
  name: "Urgent",
  conditions: { combinator: "and", rules: [{ field: "body.priority", operator: "=", value: "urgent" }] },
  actions: [{ type: "forward", destinationIds: ["d1"] }],
};

describe("sources", () => {
  it("refuses an option the scheme does not take, naming it and the ones it takes", () => {
    const result = SourceCreateInput.safeParse({ name: "s", scheme: "hmac", schemeOptions: { header: "x-sig", algoritm: "sha1" } });
    expect(issues(result)).toEqual([{ path: "schemeOptions.algoritm", message: expect.stringMatching(/^Unknown option "algoritm" for the hmac scheme: it takes .*algorithm/) as unknown }]);
    expect(issues(SourceUpdateInput.safeParse({ scheme: "github", schemeOptions: { header: "x" } }))).toEqual([
      { path: "schemeOptions.header", message: 'Unknown option "header" for the github scheme: it takes none' },
    ]);
    expect(SourceCreateInput.safeParse({ name: "s", scheme: "hmac", schemeOptions: { header: "x-sig", algorithm: "sha1" } }).success).toBe(true);
  });

  it("refuses an unknown top-level key", () => {
    expect(issues(SourceCreateInput.safeParse({ name: "s", schemeOption: {} }))).toEqual([{ path: "", message: expect.stringContaining('"schemeOption"') as unknown }]);
  });
});

describe("rules", () => {
  it("accepts a rule as the builder sends it", () => {
    expect(RuleInput.safeParse({ ...rule, conditions: { id: "g", combinator: "or", not: false, rules: [{ id: "c", field: "body.a", operator: "exists", valueSource: "value", disabled: false }] } }).success).toBe(true);
  });

  it("refuses unknown keys in a condition, a nested group, an action, a forward's body and at the top", () => {
    const nested = { ...rule, conditions: { combinator: "and", rules: [{ combinator: "or", colour: "red", rules: [{ field: "body.a", operator: "exists", fieldd: "x" }] }] } };
    expect(issues(RuleInput.safeParse(nested))).toEqual([
      { path: "conditions.rules.0.colour", message: expect.stringContaining('Unknown key "colour" in a condition group') as unknown },
      { path: "conditions.rules.0.rules.0.fieldd", message: expect.stringContaining('Unknown key "fieldd" in a condition') as unknown },
    ]);
    const action = issues(RuleInput.safeParse({ ...rule, actions: [{ type: "forward", destinationIds: ["d1"], retries: 3 }] }));
    expect(action).toEqual([{ path: "actions.0", message: expect.stringContaining('"retries"') as unknown }]);
    const body = issues(RuleInput.safeParse({ ...rule, actions: [{ type: "forward", destinationIds: ["d1"], body: { mode: "original", template: "{}" } }] }));
    expect(body).toEqual([{ path: "actions.0.body", message: expect.stringContaining('"template"') as unknown }]);
    expect(issues(RuleInput.safeParse({ ...rule, priority: 1 }))).toEqual([{ path: "", message: expect.stringContaining('"priority"') as unknown }]);
    expect(issues(BacktestInput.safeParse({ conditions: { combinator: "and", rules: [], extra: 1 } }))[0]?.path).toBe("conditions.extra");
  });
});

describe("the document", () => {
  const schemas = (buildOpenApiDocument({ appUrl: "https://hooks.example.com" }).components as { schemas: Record<string, JsonObject> }).schemas;

  it("describes a rule's conditions by the condition tree's component, strict", () => {
    for (const name of ["RuleInput", "BacktestInput"]) expect((schemas[name]?.properties as JsonObject).conditions, name).toEqual({ $ref: "#/components/schemas/RuleConditionGroup" });
    expect(schemas.RuleConditionGroup).toMatchObject({ additionalProperties: false });
    const actions = ((schemas.RuleInput?.properties as JsonObject).actions as { items: { oneOf: JsonObject[] } }).items.oneOf;
    expect(actions.map((action) => action.additionalProperties)).toEqual(actions.map(() => false));
  });

  it("describes scheme options per scheme, each strict", () => {
    const options = (schemas.SourceCreateInput?.properties as JsonObject).schemeOptions as { anyOf: JsonObject[] };
    const hmac = options.anyOf.find((schema) => String(schema.title).includes("scheme: hmac"));
    expect(hmac).toMatchObject({ type: "object", additionalProperties: false, properties: { header: { type: "string" }, algorithm: { enum: ["sha1", "sha256", "sha512"] } } });
    expect(options.anyOf.length).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from "vitest";
import { StoredJsonError } from "@/lib/db-json";
import { evaluateRules } from "./evaluate";
import { and, cond, makeCtx, rule } from "@/lib/testing/rule-fixtures";
import { readRoutingFields, readRoutingTrace } from "./trace-codec";

// What the router stores (JSON.stringify into jsonb) and PostgreSQL gives back.
const stored = (json: unknown): unknown => JSON.parse(JSON.stringify(json));

describe("the routing run codec", () => {
  const result = evaluateRules(
    [
      // `exists` has no value and `body.absent` none either: JSON leaves out `expected` and `actual`.
      rule("r1", and(cond("body.priority", "=", "high"), cond("body.note", "exists"), cond("body.absent", "missing")), [
        { type: "addTags", tags: ["hot"] },
        { type: "setRouting", fields: { team: "{{ body.team }}" } },
        { type: "forward", destinationIds: ["d1"] },
      ]),
      rule("r2", and(), [{ type: "forward", destinationIds: ["d1"] }, { type: "stop" }]),
      rule("r3", and(), [{ type: "ignore" }]),
      rule("r4", and(), [{ type: "addTags", tags: ["never"] }], { enabled: false }),
    ],
    makeCtx({ priority: "high", team: "billing", note: "x".repeat(500) }),
    { trace: true },
  );

  it("reads back a run's trace and routing fields as the evaluator made them", () => {
    expect(result.trace.length).toBe(4);
    expect(readRoutingTrace(stored(result.trace), { runId: "run-1" })).toEqual(result.trace);
    expect(readRoutingFields(stored(result.routing), { runId: "run-1" })).toEqual({ team: "billing" });
    expect(readRoutingFields({}, { eventId: "evt-1" })).toEqual({});
  });

  it("fails loudly on a stored trace or routing that does not parse, naming the row", () => {
    const broken = stored(result.trace) as Array<Record<string, unknown>>;
    broken[0] = { ...broken[0], matched: "yes" };
    expect(() => readRoutingTrace(broken, { runId: "run-1" })).toThrow(StoredJsonError);
    expect(() => readRoutingTrace(broken, { runId: "run-1" })).toThrow("routing_runs.trace of run run-1 does not parse at 0.matched");
    expect(() => readRoutingTrace({}, { runId: "run-2" })).toThrow("routing_runs.trace of run run-2 does not parse");
    expect(() => readRoutingFields({ team: 1 }, { runId: "run-3" })).toThrow("routing_runs.routing of run run-3 does not parse at team");
    expect(() => readRoutingFields([], { eventId: "evt-1" })).toThrow("events.routing of event evt-1 does not parse");
  });
});

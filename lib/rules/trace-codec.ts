// The codec of a routing run's Json columns (routing_runs.trace and .routing, and events.routing):
// written by the router (lib/pipeline/routing) from what the evaluator returned, read back through
// the schemas of ./trace-schema.ts. A row that does not parse throws StoredJsonError naming it.
import { z } from "zod";
import { readStoredJson } from "@/lib/db-json";
import { RoutingFields, RuleTrace } from "@/lib/rules/trace-schema";

const TRACE = z.array(RuleTrace);

export function readRoutingTrace(json: unknown, { runId }: { runId: string }): RuleTrace[] {
  return readStoredJson(TRACE, json, `routing_runs.trace of run ${runId}`);
}

/** Routing fields as stored on a routing run or an event; `where` names the row. */
export function readRoutingFields(json: unknown, where: { runId: string } | { eventId: string }): RoutingFields {
  return readStoredJson(RoutingFields, json, "runId" in where ? `routing_runs.routing of run ${where.runId}` : `events.routing of event ${where.eventId}`);
}

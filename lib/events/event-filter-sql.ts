// An events filter as a parameterised SQL condition on `events e`, shared by the list, the count
// and the bulk replay. Every value is a bind parameter. Each filter has an index to use:
//   source    events (source_id, received_at)        status   events (status, received_at, id)
//   type      events (event_type, received_at, id)   tag      GIN on tags:  tags @> ARRAY[$n]
//   routing   GIN jsonb_path_ops on routing:  routing @> $n::jsonb
//   where     its positive equalities (lib/events/condition-filter.ts): GIN on payload/tags, event_type
//   from/to   events (received_at, id)
// "duplicate" (duplicate_count > 0) and `search` (ILIKE on the stored summary) have no index of
// their own: they are read in received_at order, narrowed by the others (a source, a time range).
// The tag and routing GIN indexes are partial, holding only non-empty values (migration
// 20261208100000_events_partial_gin): each containment is stated with the index's predicate, which
// it implies anyway, so the planner can use the index.
import { eventTimeBounds, parseRoutingField, type EventFilter } from "@/lib/events/event-filter";
import { conditionPrefilterSql, conditionRowMatcher, tagContainsSql, type ConditionRow } from "@/lib/events/condition-filter";
import { parseConditions } from "@/lib/rules/condition-text";

/** The predicate of the partial GIN index on routing fields. */
const NON_EMPTY_ROUTING = "e.routing <> '{}'::jsonb";

export interface SqlCondition {
  /** "TRUE" when nothing is filtered. */
  sql: string;
  values: unknown[];
  /**
   * With conditions (`where`), `sql` only narrows the candidates: select CONDITION_ROW_COLUMNS too
   * and keep the rows this accepts (the routing engine's evaluation of the conditions).
   */
  matches?: (row: ConditionRow) => boolean;
}

/**
 * `values` continues the caller's parameters: placeholders start at $(firstIndex).
 * The filter must have passed the EventFilter schema (its routing field and query parse).
 */
export function eventFilterSql(
  filter: EventFilter,
  { now, firstIndex = 1 }: { now: Date; firstIndex?: number },
): SqlCondition {
  const parts: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${firstIndex + values.length - 1}`;
  };

  if (filter.search) parts.push(`e.summary ILIKE ${param(`%${filter.search.replace(/[\\%_]/g, "\\$&")}%`)}`);
  if (filter.source) parts.push(`e.source_id = ${param(filter.source)}::uuid`);
  if (filter.status === "duplicate") parts.push("e.duplicate_count > 0");
  else if (filter.status) parts.push(`e.status = ${param(filter.status)}::"EventStatus"`);
  if (filter.type) parts.push(`e.event_type = ${param(filter.type)}`);
  if (filter.tag) parts.push(tagContainsSql(param(filter.tag)));
  if (filter.routing) {
    const field = parseRoutingField(filter.routing);
    if (!field.ok) throw new Error(`invalid routing filter: ${field.message}`);
    parts.push(`${NON_EMPTY_ROUTING} AND e.routing @> ${param(JSON.stringify({ [field.key]: field.value }))}::jsonb`);
  }
  let matches: SqlCondition["matches"];
  if (filter.where) {
    const conditions = parseConditions(filter.where);
    if (!conditions.ok) throw new Error(`invalid conditions: ${conditions.message}`);
    const prefilter = conditionPrefilterSql(conditions.conditions, param);
    if (prefilter) parts.push(prefilter);
    matches = conditionRowMatcher(conditions.conditions);
  }
  const { from, to } = eventTimeBounds(filter, now);
  if (from) parts.push(`e.received_at >= ${param(from)}`);
  if (to) parts.push(`e.received_at < ${param(to)}`);

  return { sql: parts.length > 0 ? parts.join(" AND ") : "TRUE", values, ...(matches ? { matches } : {}) };
}

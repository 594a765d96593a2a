// Size limits for routing rules. Shared by the zod schemas (save-time validation) and the
// evaluator (which never trusts its input and degrades instead of throwing).

export const RULE_LIMITS = {
  /** Nesting depth of condition groups; the root group is depth 1. */
  maxDepth: 8,
  /** Conditions (leaves) in one rule's tree, across all groups. */
  maxConditions: 200,
  /** Groups in one rule's tree, including the root. */
  maxGroups: 100,
  /** Length of a `matches` pattern. */
  maxRegexLength: 500,
  /** Items in an `in` / `notIn` list. */
  maxListItems: 1000,
  /** Length of a single string value in a condition. */
  maxValueLength: 10_000,
  maxFieldLength: 500,
  maxIdLength: 200,
  maxNameLength: 200,
  maxActions: 50,
  maxDestinations: 50,
  maxTags: 50,
  maxTagLength: 100,
  maxRoutingFields: 50,
  maxRoutingKeyLength: 64,
  maxRoutingValueLength: 2_000,
  maxTemplateLength: 100_000,
  maxPlaceholders: 200,
} as const;

/** Characters kept from a value shown in a trace (actual/expected). */
export const TRACE_PREVIEW_LENGTH = 200;

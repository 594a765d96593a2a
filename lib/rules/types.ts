// Runtime types shared by the evaluator modules. The persisted shapes (rules, conditions,
// actions) live in ./schema.ts as zod schemas.

/** Everything a rule can look at for one incoming webhook event. */
export interface EvaluationContext {
  event: {
    id: string;
    type: string | null;
    method: string;
    /** Header names are expected in lower case. */
    headers: Readonly<Record<string, string>>;
    /** Parsed JSON body, or null when the body was empty / not JSON. */
    body: unknown;
  };
  source: { id: string; name: string };
  /**
   * Routing fields and tags already present before the first rule runs. Normally absent
   * (the chain starts empty); the live-test panel uses them to simulate earlier rules.
   */
  routing?: Readonly<Record<string, string>>;
  tags?: readonly string[];
}

/** The JSON type of a value as shown to operators (`missing` = field not present). */
export type ValueType = "string" | "number" | "boolean" | "null" | "array" | "object" | "missing";

export function valueTypeOf(value: unknown): ValueType {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "object";
  }
}

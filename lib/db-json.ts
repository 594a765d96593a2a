// Json columns, read and written through one pair of helpers. Reading parses with the zod schema
// that validated the value when it was saved; a stored value that does not parse cannot happen
// unless the database was edited by hand (or a change forgot old rows), so it fails loudly with
// StoredJsonError naming the row, instead of flowing on with a type it does not have.
import type { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";

export class StoredJsonError extends Error {
  override readonly name = "StoredJsonError";

  constructor(
    /** The column and row, e.g. "rules.conditions of rule 5f0c… (version 3)". */
    readonly where: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    const [first] = issues;
    const path = first && first.path.length > 0 ? ` at ${first.path.map(String).join(".")}` : "";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(`${where} does not parse${path}: ${first?.message ?? "invalid"}${more}. It was valid when saved: was the database edited by hand?`);
  }
}

/** The stored value as `schema` parses it; StoredJsonError (naming `where`) when it does not. */
export function readStoredJson<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredJsonError(where, parsed.error.issues);
  return parsed.data;
}

/**
 * A validated value as Prisma's JSON input: the JSON round trip Prisma makes anyway (keys holding
 * undefined are dropped), and a value typed as JSON without a cast through unknown.
 */
export function toInputJson(value: NonNullable<unknown>): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

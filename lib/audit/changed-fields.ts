// Which fields a change really changes, for the audit log's details (names only, never values).
import { isDeepStrictEqual } from "node:util";

export function changedFields(before: Record<string, unknown>, changes: Record<string, unknown>): string[] {
  return Object.keys(changes).filter(
    (key) => changes[key] !== undefined && !isDeepStrictEqual(before[key], changes[key]),
  );
}

// The 400 answer for a rule the lib refused to save: RuleValidationError (checks that need the
// database, e.g. unknown destinations, or the order of rules) or a zod error from the engine's own
// validation. Anything else is not the client's fault and is rethrown by the caller.
import { ZodError } from "zod";
import { invalidRequest } from "@/lib/api/parse-json-body";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";

export function ruleSaveError(error: unknown): Response | null {
  if (error instanceof RuleValidationError) return invalidRequest([{ path: error.path, message: error.message }]);
  if (error instanceof ZodError) {
    return invalidRequest(error.issues.map((issue) => ({ path: issue.path.map((part) => (typeof part === "number" ? part : String(part))), message: issue.message })));
  }
  return null;
}

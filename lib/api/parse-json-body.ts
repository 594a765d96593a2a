// Reads and validates the JSON body of an API request. On failure it hands back the answer to send
// (413 body_too_large, 400 invalid_json, 400 invalid_request with the issues), so routes stay short.
import type { z } from "zod";
import { apiError } from "@/lib/api/errors";
import type { ValidationIssue } from "@/lib/http/validation-issue";
import { readBody } from "@/lib/http/read-body";

/** Settings objects are small; this is generous and still keeps a client from filling memory. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

export type ParsedBody<T> = { ok: true; data: T } | { ok: false; response: Response };

export async function parseJsonBody<S extends z.ZodType>({
  request,
  schema,
  optional = false,
}: {
  request: Request;
  schema: S;
  /** An empty body then means `{}`. */
  optional?: boolean;
}): Promise<ParsedBody<z.output<S>>> {
  const read = await readBody(request, MAX_JSON_BODY_BYTES);
  if (!read.ok && read.reason === "too_large") return { ok: false, response: apiError("body_too_large", { message: `Send at most ${MAX_JSON_BODY_BYTES / 1024} KB of JSON.` }) };
  if (!read.ok) return { ok: false, response: apiError("invalid_json", { message: "The request body did not arrive complete." }) };
  let value: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(read.body);
    if (text.trim() === "" && !optional) return { ok: false, response: apiError("invalid_json", { message: "Send a JSON object in the request body." }) };
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "it is not UTF-8";
    return { ok: false, response: apiError("invalid_json", { message: `The request body is not valid JSON: ${reason}` }) };
  }
  const result = schema.safeParse(value);
  if (!result.success) return { ok: false, response: invalidRequest(result.error.issues.map(toValidationIssue)) };
  return { ok: true, data: result.data };
}

/** 400 invalid_request whose message names the first problem; `details` lists them all. */
export function invalidRequest(issues: ValidationIssue[]): Response {
  return apiError("invalid_request", { message: invalidRequestMessage(issues), details: issues });
}

/** "path: what is wrong (and N more; see details)", or undefined (the code's default) for no issues. */
export function invalidRequestMessage(issues: ValidationIssue[]): string | undefined {
  const [first] = issues;
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more; see details)` : "";
  return first ? `${where}${first.message}${more}` : undefined;
}

export function toValidationIssue(issue: z.core.$ZodIssue): ValidationIssue {
  return { path: issue.path.map((part) => (typeof part === "number" ? part : String(part))), message: issue.message };
}

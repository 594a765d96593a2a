// An error answer, as a route handler returns it: apiRoute (lib/api/api-route.ts) sends it as
// `{ error: { code, message, details? } }` through apiError. Typed by its code, so a handler can
// only return the codes its operation documents in the OpenAPI document.
import type { ApiErrorCode } from "@/lib/api/errors";
import { invalidRequestMessage } from "@/lib/api/parse-json-body";
import type { ValidationIssue } from "@/lib/http/validation-issue";

export class ApiFailure<C extends ApiErrorCode = ApiErrorCode> {
  constructor(
    readonly code: C,
    /** Replaces the code's default message (lib/api/errors.ts). */
    readonly message?: string,
    readonly details?: ValidationIssue[],
  ) {}
}

/** The answer for `code`, with its default message unless one is given. */
export function fail<C extends ApiErrorCode>(code: C, init: { message?: string } = {}): ApiFailure<C> {
  return new ApiFailure(code, init.message);
}

/** 400 invalid_request whose message names the first problem; `details` lists them all. */
export function invalid(issues: ValidationIssue[]): ApiFailure<"invalid_request"> {
  return new ApiFailure("invalid_request", invalidRequestMessage(issues), issues);
}

/** `{ data: value }`, or the not-found answer `code` when the lib found nothing (null). */
export function found<T, C extends ApiErrorCode>(value: T | null | undefined, code: C, init: { message?: string } = {}): { data: T } | ApiFailure<C> {
  return value === null || value === undefined ? fail(code, init) : { data: value };
}

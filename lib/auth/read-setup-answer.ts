// The answer of POST /api/v1/setup as the set-up form shows it: done, a message under the field it
// is about (the set-up code, or any field the API found wrong), or one for the whole form.
import type { SetupField, SetupResult } from "@/lib/auth/action-results";
import { isSetupField } from "@/lib/auth/read-setup-form";
import type { FieldErrors } from "@/lib/forms/form-result";

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

export function readSetupAnswer({ status, body }: { status: number; body: unknown }): SetupResult {
  if (status === 201) return { ok: true };
  const error = (typeof body === "object" && body !== null ? (body as ErrorBody).error : undefined) ?? {};
  const message = typeof error.message === "string" ? error.message : null;
  if (error.code === "setup_code_invalid" && message) return { ok: false, fieldErrors: { setupCode: message } };
  if (error.code === "invalid_request" && Array.isArray(error.details)) {
    const fieldErrors: FieldErrors<SetupField> = {};
    for (const issue of error.details as Array<{ path?: unknown; message?: unknown }>) {
      const field: unknown = Array.isArray(issue.path) ? (issue.path as unknown[])[0] : undefined;
      if (isSetupField(field) && typeof issue.message === "string") fieldErrors[field] ??= issue.message;
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  }
  if (message) return { ok: false, message, fieldErrors: {} };
  return { ok: false, message: status === 0 ? "Switchyard could not be reached; try again." : `The set-up failed (HTTP ${status}); try again.`, fieldErrors: {} };
}

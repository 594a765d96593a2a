// Reads a source's Rotate secret form into RotateSecretInput: the new secret (empty: one is
// generated) and how many hours the current secrets keep verifying (empty: 24).
import { addIssues, formFailure, hasFieldErrors, type FieldErrors, type FormReading } from "@/lib/forms/form-result";
import { formText } from "@/lib/forms/form-text";
import type { SourceFormFailure } from "@/lib/sources/action-results";
import { RotateSecretInput } from "@/lib/sources/schema";
import { placeSourceIssue, readOptionalSecret, unacceptedSecretWarning } from "@/lib/sources/source-form-fields";

export function readRotateSecretForm({
  form,
}: {
  form: FormData;
}): FormReading<RotateSecretInput, string, SourceFormFailure> {
  const fieldErrors: FieldErrors = {};
  const secret = readOptionalSecret(form);
  const overlapRaw = formText(form, "overlapHours").trim();
  const overlapHours = overlapRaw === "" ? 24 : Number(overlapRaw);
  if (!Number.isFinite(overlapHours)) fieldErrors.overlapHours = "Enter a number of hours";
  const input: RotateSecretInput = { secret, overlapHours };
  const parsed = RotateSecretInput.safeParse(input);
  if (!parsed.success) addIssues(fieldErrors, parsed.error, placeSourceIssue());
  // The form carries the source's scheme, whose warning applies to the new secret.
  const warning = unacceptedSecretWarning({ form, schemeId: formText(form, "scheme"), secret });
  if (warning) fieldErrors.secret ??= warning;
  if (!hasFieldErrors(fieldErrors)) return { ok: true, input };
  return { ...formFailure(fieldErrors), secretWarning: warning !== null && fieldErrors.secret === warning };
}

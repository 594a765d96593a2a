// Reads a destination's Rotate signing secret form into RotateDestinationSecretInput: how many
// hours the current secrets keep signing alongside the new one (empty: 24). The new secret is
// always generated here.
import { placeDestinationIssue } from "@/lib/destinations/destination-form-fields";
import { DEFAULT_ROTATION_OVERLAP_HOURS, RotateDestinationSecretInput } from "@/lib/destinations/schema";
import { addIssues, formFailure, hasFieldErrors, type FieldErrors, type FormReading } from "@/lib/forms/form-result";
import { formText } from "@/lib/forms/form-text";

export function readRotateDestinationSecretForm({
  form,
}: {
  form: FormData;
}): FormReading<RotateDestinationSecretInput> {
  const fieldErrors: FieldErrors = {};
  const overlapRaw = formText(form, "overlapHours").trim();
  const overlapHours = overlapRaw === "" ? DEFAULT_ROTATION_OVERLAP_HOURS : Number(overlapRaw);
  if (!Number.isFinite(overlapHours)) fieldErrors.overlapHours = "Enter a number of hours";
  const input: RotateDestinationSecretInput = { overlapHours };
  const parsed = RotateDestinationSecretInput.safeParse(input);
  if (!parsed.success) addIssues(fieldErrors, parsed.error, placeDestinationIssue);
  return hasFieldErrors(fieldErrors) ? formFailure(fieldErrors) : { ok: true, input };
}

// What the source forms (create, settings, rotate secret) share: which form field shows a schema
// field's problems and in which words, and the pasted secret with the scheme's warning about it.
import { formText } from "@/lib/forms/form-text";
import type { PlaceIssue } from "@/lib/forms/form-result";
import { checkSourceSecret } from "@/lib/sources/check-source-secret";

/** Schema field → the form field that shows its message, where the names differ (numbers are typed with a unit). */
const FORM_FIELD: Record<string, string> = {
  toleranceSeconds: "toleranceValue",
  bodyLimitBytes: "bodyLimitValue",
};

/** The form field that shows a schema field's (or a SourceSettingsError's) message. */
export function sourceFormField(schemaField: string): string {
  return FORM_FIELD[schemaField] ?? schemaField;
}

/**
 * Places a SourceCreateInput / SourceUpdateInput / RotateSecretInput issue on its form field; an
 * allowlist entry's message names its line in the textarea (`allowlistLines`: entry index → line).
 */
export function placeSourceIssue(allowlistLines: readonly number[] = []): PlaceIssue {
  return (issue) => {
    const [first, second] = issue.path;
    if (typeof first !== "string") return null;
    let message = issue.message;
    if (first === "ipAllowlist" && typeof second === "number")
      message = `Line ${allowlistLines[second] ?? second + 1}: ${message}`;
    if ((first === "toleranceSeconds" || first === "overlapHours") && issue.code === "too_small")
      message = "Cannot be negative";
    return { field: sourceFormField(first), message };
  };
}

/** The secret typed in the form, trimmed; undefined when empty (one is then generated). */
export function readOptionalSecret(form: FormData): string | undefined {
  const secret = formText(form, "secret").trim();
  return secret === "" ? undefined : secret;
}

/** The scheme's warning about the typed secret, unless the operator ticked "Use this secret anyway". */
export function unacceptedSecretWarning({
  form,
  schemeId,
  secret,
}: {
  form: FormData;
  schemeId: string;
  secret: string | undefined;
}): string | null {
  if (secret === undefined || formText(form, "acceptSecretWarning") === "yes") return null;
  return checkSourceSecret({ schemeId, secret });
}

// Reads the New source form ("create") or a source's Settings form ("update") into
// SourceCreateInput / SourceUpdateInput. Numbers come with their unit, scheme options as "opt.*"
// fields, the IP allowlist one entry a line (# starts a comment); each problem lands on the field
// that shows it, in the form's words ("Line 3: …", "Cannot be negative").
import { addIssues, formFailure, hasFieldErrors, type FieldErrors, type FormReading } from "@/lib/forms/form-result";
import { formText } from "@/lib/forms/form-text";
import { findScheme } from "@/lib/signatures/registry";
import type { SourceFormFailure } from "@/lib/sources/action-results";
import { SourceCreateInput, SourceUpdateInput } from "@/lib/sources/schema";
import { placeSourceIssue, readOptionalSecret, unacceptedSecretWarning } from "@/lib/sources/source-form-fields";

interface Settings {
  name: string;
  scheme: string;
  schemeOptions: Record<string, unknown>;
  toleranceSeconds?: number;
  dedupeStrategy: string;
  dedupeField: string | null;
  bodyLimitBytes?: number;
  ipAllowlist: string[];
}

/** A number typed with a unit, in the base unit; undefined when the field is not shown (the current value or the default stays). */
function readNumber(
  form: FormData,
  field: string,
  unitField: string,
  units: Record<string, number>,
  fieldErrors: FieldErrors,
): number | undefined {
  if (form.get(field) === null) return undefined;
  const raw = formText(form, field).trim();
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value)) {
    fieldErrors[field] = "Enter a number";
    return undefined;
  }
  if (value < 0) {
    fieldErrors[field] = "Cannot be negative";
    return undefined;
  }
  const unit = units[formText(form, unitField)] ?? Object.values(units)[0] ?? 1;
  return Math.round(value * unit);
}

/** The settings both forms share, and for each allowlist entry its line in the textarea (for messages). */
function readSettings(form: FormData, fieldErrors: FieldErrors): { settings: Settings; allowlistLines: number[] } {
  const schemeOptions: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("opt.") && typeof value === "string") schemeOptions[key.slice(4)] = value;
  }
  const allowlistLines: number[] = [];
  const ipAllowlist: string[] = [];
  formText(form, "ipAllowlist")
    .split(/\r?\n/)
    .forEach((line, index) => {
      const entry = line.replace(/#.*$/, "").trim();
      if (entry === "") return;
      ipAllowlist.push(entry);
      allowlistLines.push(index + 1);
    });
  const dedupeField = formText(form, "dedupeField").trim();
  return {
    settings: {
      name: formText(form, "name"),
      scheme: formText(form, "scheme"),
      schemeOptions,
      toleranceSeconds: readNumber(form, "toleranceValue", "toleranceUnit", { seconds: 1, minutes: 60 }, fieldErrors),
      dedupeStrategy: formText(form, "dedupeStrategy") || "provider",
      dedupeField: dedupeField === "" ? null : dedupeField,
      bodyLimitBytes: readNumber(form, "bodyLimitValue", "bodyLimitUnit", { KB: 1024, MB: 1024 * 1024 }, fieldErrors),
      ipAllowlist,
    },
    allowlistLines,
  };
}

/** Checks the options against the scheme's own schema, so each message lands on its "opt.*" field; returns the canonical options. */
function readSchemeOptions(
  schemeId: string,
  options: Record<string, unknown>,
  fieldErrors: FieldErrors,
): Record<string, unknown> {
  const scheme = findScheme(schemeId);
  if (!scheme) return options;
  const parsed = scheme.optionsSchema.safeParse(options);
  if (parsed.success) return (parsed.data ?? {}) as Record<string, unknown>;
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    const field = typeof key === "string" && Object.hasOwn(options, key) ? `opt.${key}` : "schemeOptions";
    fieldErrors[field] ??= issue.message;
  }
  return options;
}

export function readSourceForm(options: {
  form: FormData;
  mode: "create";
}): FormReading<SourceCreateInput, string, SourceFormFailure>;
export function readSourceForm(options: { form: FormData; mode: "update" }): FormReading<SourceUpdateInput>;
export function readSourceForm({
  form,
  mode,
}: {
  form: FormData;
  mode: "create" | "update";
}): FormReading<SourceCreateInput, string, SourceFormFailure> | FormReading<SourceUpdateInput> {
  const fieldErrors: FieldErrors = {};
  const { settings, allowlistLines } = readSettings(form, fieldErrors);
  const schemeOptions = readSchemeOptions(settings.scheme, settings.schemeOptions, fieldErrors);
  const place = placeSourceIssue(allowlistLines);

  if (mode === "update") {
    // The schema says which values it accepts; the lib function parses again.
    const input = { ...settings, schemeOptions } as SourceUpdateInput;
    const parsed = SourceUpdateInput.safeParse(input);
    if (!parsed.success) addIssues(fieldErrors, parsed.error, place);
    return hasFieldErrors(fieldErrors) ? formFailure(fieldErrors) : { ok: true, input };
  }

  const secret = readOptionalSecret(form);
  const input = { ...settings, schemeOptions, secret } as SourceCreateInput;
  const parsed = SourceCreateInput.safeParse(input);
  if (!parsed.success) addIssues(fieldErrors, parsed.error, place);
  const warning = unacceptedSecretWarning({ form, schemeId: settings.scheme, secret });
  if (warning) fieldErrors.secret ??= warning;
  if (!hasFieldErrors(fieldErrors)) return { ok: true, input };
  return { ...formFailure(fieldErrors), secretWarning: warning !== null && fieldErrors.secret === warning };
}

"use server";
// Server actions for sources. Each checks the session first, parses the form with the schemas from
// lib/sources/schema.ts, calls one lib function and answers with field errors or the outcome.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { formText } from "@/lib/forms/form-text";
import { actorOf } from "@/lib/audit/actor";
import { requireUser } from "@/lib/auth/session";
import { findScheme } from "@/lib/signatures/registry";
import { createSource } from "@/lib/sources/create-source";
import { deleteSource } from "@/lib/sources/delete-source";
import { revealSourceSecret } from "@/lib/sources/reveal-source-secret";
import { rotateSourceSecret } from "@/lib/sources/rotate-source-secret";
import { RotateSecretInput, SourceCreateInput, SourceUpdateInput } from "@/lib/sources/schema";
import { sendTestEvent, type TestEventResult } from "@/lib/sources/send-test-event";
import { SourceSettingsError, updateSource } from "@/lib/sources/update-source";

/** Field name (as in the form: "name", "opt.header", "toleranceValue", …) → message. */
export type FieldErrors = Record<string, string>;

export type FormFailure = { ok: false; message?: string; fieldErrors: FieldErrors; secretWarning?: boolean };
export type CreateSourceResult = { ok: true; sourceId: string; secret: string | null; generated: boolean } | FormFailure;
export type UpdateSourceResult = { ok: true } | FormFailure;
export type RotateSecretResult = { ok: true; secret: string; generated: boolean } | FormFailure;
export type RevealSecretResult = { ok: true; secret: string } | { ok: false; message: string };
export type TestEventOutcome = { ok: true; result: TestEventResult } | { ok: false; message: string };
export type ToggleResult = { ok: true } | { ok: false; message: string };

// ---------------------------------------------------------------------------------------------
// Form reading (not exported: a "use server" module may export async functions only)

/** Where a schema path's message is shown in the form. */
const FORM_FIELD: Record<string, string> = {
  name: "name",
  scheme: "scheme",
  secret: "secret",
  schemeOptions: "schemeOptions",
  toleranceSeconds: "toleranceValue",
  dedupeStrategy: "dedupeStrategy",
  dedupeField: "dedupeField",
  bodyLimitBytes: "bodyLimitValue",
  ipAllowlist: "ipAllowlist",
  overlapHours: "overlapHours",
};

interface SettingsForm {
  input: {
    name: string;
    scheme: string;
    schemeOptions: Record<string, unknown>;
    toleranceSeconds?: number;
    dedupeStrategy: string;
    dedupeField: string | null;
    bodyLimitBytes?: number;
    ipAllowlist: string[];
  };
  /** ipAllowlist index → line number in the textarea, for messages. */
  allowlistLines: number[];
}

function readNumber(form: FormData, field: string, unitField: string, units: Record<string, number>, errors: FieldErrors): number | undefined {
  if (form.get(field) === null) return undefined; // not shown for this scheme: keep the current value / default
  const raw = formText(form, field).trim();
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value)) {
    errors[field] = "Enter a number";
    return undefined;
  }
  if (value < 0) {
    errors[field] = "Cannot be negative";
    return undefined;
  }
  const unit = units[formText(form, unitField)] ?? Object.values(units)[0] ?? 1;
  return Math.round(value * unit);
}

function readSettings(form: FormData, errors: FieldErrors): SettingsForm {
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
    input: {
      name: formText(form, "name"),
      scheme: formText(form, "scheme"),
      schemeOptions,
      toleranceSeconds: readNumber(form, "toleranceValue", "toleranceUnit", { seconds: 1, minutes: 60 }, errors),
      dedupeStrategy: formText(form, "dedupeStrategy") || "provider",
      dedupeField: dedupeField === "" ? null : dedupeField,
      bodyLimitBytes: readNumber(form, "bodyLimitValue", "bodyLimitUnit", { KB: 1024, MB: 1024 * 1024 }, errors),
      ipAllowlist,
    },
    allowlistLines,
  };
}

/** Checks the options against the scheme's own schema, so each message lands on its field; returns the canonical options. */
function parseOptions(schemeId: string, options: Record<string, unknown>, errors: FieldErrors): Record<string, unknown> {
  const scheme = findScheme(schemeId);
  if (!scheme) return options;
  const parsed = scheme.optionsSchema.safeParse(options);
  if (parsed.success) return (parsed.data ?? {}) as Record<string, unknown>;
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    const field = typeof key === "string" && `opt.${key}` in optionsFieldSet(options) ? `opt.${key}` : "schemeOptions";
    errors[field] ??= issue.message;
  }
  return options;
}

function optionsFieldSet(options: Record<string, unknown>): Record<string, true> {
  return Object.fromEntries(Object.keys(options).map((key) => [`opt.${key}`, true] as const));
}

function collectIssues(error: z.ZodError, errors: FieldErrors, allowlistLines: number[] = []) {
  for (const issue of error.issues) {
    const [first, second] = issue.path;
    if (typeof first !== "string") continue;
    const field = FORM_FIELD[first] ?? first;
    let message = issue.message;
    if (first === "ipAllowlist" && typeof second === "number") message = `Line ${allowlistLines[second] ?? second + 1}: ${message}`;
    if (first === "toleranceSeconds" && issue.code === "too_small") message = "Cannot be negative";
    errors[field] ??= message;
  }
}

/** The scheme's warning about a pasted secret, unless the operator chose to keep it anyway. */
function secretWarning(schemeId: string, secret: string | undefined, form: FormData): string | null {
  if (secret === undefined || formText(form, "acceptSecretWarning") === "yes") return null;
  const scheme = findScheme(schemeId);
  return scheme?.verifies ? scheme.checkSecret(secret) : null;
}

function optionalSecret(form: FormData): string | undefined {
  const secret = formText(form, "secret").trim();
  return secret === "" ? undefined : secret;
}

function failure(fieldErrors: FieldErrors, extra: Partial<FormFailure> = {}): FormFailure {
  return { ok: false, fieldErrors, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Actions

/** Live check of a pasted secret while the operator types (lib/signatures cannot run in the browser). */
export async function checkSecretAction(schemeId: string, secret: string): Promise<{ warning: string | null }> {
  await requireUser();
  const scheme = findScheme(schemeId);
  const trimmed = secret.trim();
  if (!scheme?.verifies || trimmed === "") return { warning: null };
  return { warning: scheme.checkSecret(trimmed) };
}

export async function createSourceAction(form: FormData): Promise<CreateSourceResult> {
  const user = await requireUser();
  const errors: FieldErrors = {};
  const { input, allowlistLines } = readSettings(form, errors);
  const secret = optionalSecret(form);
  const schemeOptions = parseOptions(input.scheme, input.schemeOptions, errors);
  const candidate = { ...input, schemeOptions, secret } as SourceCreateInput;
  const parsed = SourceCreateInput.safeParse(candidate);
  if (!parsed.success) collectIssues(parsed.error, errors, allowlistLines);
  const warning = secretWarning(input.scheme, secret, form);
  if (warning) errors.secret ??= warning;
  if (Object.keys(errors).length > 0) return failure(errors, { secretWarning: warning !== null && errors.secret === warning });

  const created = await createSource({ input: candidate, actor: actorOf(user) });
  revalidatePath("/sources");
  return { ok: true, sourceId: created.source.id, secret: created.secret, generated: secret === undefined };
}

export async function updateSourceAction(sourceId: string, form: FormData): Promise<UpdateSourceResult> {
  const user = await requireUser();
  const errors: FieldErrors = {};
  const { input, allowlistLines } = readSettings(form, errors);
  const schemeOptions = parseOptions(input.scheme, input.schemeOptions, errors);
  const candidate = { ...input, schemeOptions } as SourceUpdateInput;
  const parsed = SourceUpdateInput.safeParse(candidate);
  if (!parsed.success) collectIssues(parsed.error, errors, allowlistLines);
  if (Object.keys(errors).length > 0) return failure(errors);

  try {
    const source = await updateSource({ id: sourceId, input: candidate, actor: actorOf(user) });
    if (!source) return failure({}, { message: "This source no longer exists." });
  } catch (error) {
    if (error instanceof SourceSettingsError) return failure({ [FORM_FIELD[error.field] ?? error.field]: error.message });
    throw error;
  }
  revalidatePath(`/sources/${sourceId}`);
  revalidatePath("/sources");
  return { ok: true };
}

export async function setSourceEnabledAction(sourceId: string, enabled: boolean): Promise<ToggleResult> {
  const user = await requireUser();
  const input = SourceUpdateInput.safeParse({ enabled });
  if (!input.success) return { ok: false, message: "Invalid request." };
  const source = await updateSource({ id: sourceId, input: { enabled }, actor: actorOf(user) });
  if (!source) return { ok: false, message: "This source no longer exists." };
  revalidatePath(`/sources/${sourceId}`);
  revalidatePath("/sources");
  return { ok: true };
}

export async function rotateSecretAction(sourceId: string, form: FormData): Promise<RotateSecretResult> {
  const user = await requireUser();
  const errors: FieldErrors = {};
  const secret = optionalSecret(form);
  const overlapRaw = formText(form, "overlapHours").trim();
  const overlapHours = overlapRaw === "" ? 24 : Number(overlapRaw);
  if (!Number.isFinite(overlapHours)) errors.overlapHours = "Enter a number of hours";
  const input: RotateSecretInput = { secret, overlapHours };
  const parsed = RotateSecretInput.safeParse(input);
  if (!parsed.success) collectIssues(parsed.error, errors);
  if (errors.overlapHours?.startsWith("Too small")) errors.overlapHours = "Cannot be negative";
  const warning = secretWarning(formText(form, "scheme"), secret, form);
  if (warning) errors.secret ??= warning;
  if (Object.keys(errors).length > 0) return failure(errors, { secretWarning: warning !== null && errors.secret === warning });

  let rotated: Awaited<ReturnType<typeof rotateSourceSecret>>;
  try {
    rotated = await rotateSourceSecret({ id: sourceId, input, actor: actorOf(user) });
  } catch (error) {
    if (error instanceof SourceSettingsError) return failure({}, { message: error.message });
    throw error;
  }
  if (!rotated) return failure({}, { message: "This source no longer exists." });
  revalidatePath(`/sources/${sourceId}`);
  return { ok: true, secret: rotated.secret, generated: secret === undefined };
}

export async function revealSecretAction(sourceId: string, secretId: string): Promise<RevealSecretResult> {
  const user = await requireUser();
  const secret = await revealSourceSecret({ sourceId, secretId, actor: actorOf(user) });
  return secret === null ? { ok: false, message: "This secret no longer exists." } : { ok: true, secret };
}

export async function sendTestEventAction(sourceId: string): Promise<TestEventOutcome> {
  await requireUser();
  let result: TestEventResult | null;
  try {
    result = await sendTestEvent({ sourceId });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Could not reach this server's own webhook listener (${reason}).` };
  }
  if (!result) return { ok: false, message: "This source no longer exists." };
  revalidatePath(`/sources/${sourceId}`);
  return { ok: true, result };
}

export async function deleteSourceAction(sourceId: string, confirmedName: string): Promise<{ ok: false; message: string }> {
  const user = await requireUser();
  const { deleted, deletedEvents } = await deleteSource({ id: sourceId, actor: actorOf(user) });
  if (!deleted) return { ok: false, message: "This source no longer exists." };
  revalidatePath("/sources");
  redirect(`/sources?${new URLSearchParams({ deleted: confirmedName.slice(0, 100), events: String(deletedEvents) })}`);
}

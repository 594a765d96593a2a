"use server";
// Server actions for destinations. Each checks the session first, reads the form into the input the
// schemas of lib/destinations/schema.ts describe, calls one lib function and answers with field
// errors or the outcome.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { formText } from "@/lib/forms/form-text";
import { actorOf } from "@/lib/audit/actor";
import { requireUser } from "@/lib/auth/session";
import { checkDestinationUrl } from "@/lib/destinations/check-destination-url";
import { createDestination } from "@/lib/destinations/create-destination";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { pauseDestination } from "@/lib/destinations/pause-destination";
import { resumeDestination } from "@/lib/destinations/resume-destination";
import { requestProbe } from "@/lib/destinations/request-probe";
import { resumedMessage } from "@/lib/destinations/resume-drain";
import { parseRetrySchedule } from "@/lib/destinations/retry-schedule-text";
import { rotateDestinationSecret } from "@/lib/destinations/rotate-destination-secret";
import { DestinationCreateInput, DestinationUpdateInput, RotateDestinationSecretInput } from "@/lib/destinations/schema";
import { updateDestination } from "@/lib/destinations/update-destination";

/** Field name (as in the form: "name", "url", "headers", "timeoutSeconds", …) → message. */
export type DestinationFieldErrors = Record<string, string>;

export type DestinationFormFailure = { ok: false; message?: string; fieldErrors: DestinationFieldErrors };
export type CreateDestinationResult = { ok: true; destinationId: string; secret: string } | DestinationFormFailure;
export type UpdateDestinationResult = { ok: true } | DestinationFormFailure;
export type RotateDestinationSecretResult = { ok: true; secret: string } | DestinationFormFailure;
/** `message`: what to tell the operator (a resume says how long the waiting deliveries take). */
export type DestinationStateResult = { ok: true; message?: string } | { ok: false; message: string };
export type UrlCheckResult = { ok: boolean; message: string; blockedAsPrivate: boolean };

// ---------------------------------------------------------------------------------------------
// Form reading (not exported: a "use server" module may export async functions only)

/** Where a schema path's message is shown in the form. */
const FORM_FIELD: Record<string, string> = {
  name: "name",
  url: "url",
  headers: "headers",
  timeoutMs: "timeoutSeconds",
  retrySchedule: "retrySchedule",
  maxConcurrency: "maxConcurrency",
  rateLimitPerSecond: "rateLimitPerSecond",
  allowPrivateNetwork: "allowPrivateNetwork",
  overlapHours: "overlapHours",
};

interface SettingsInput {
  name: string;
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  retrySchedule: number[];
  maxConcurrency: number;
  rateLimitPerSecond: number | null;
  allowPrivateNetwork: boolean;
}

function readInteger(form: FormData, field: string, errors: DestinationFieldErrors, scale = 1): number {
  const raw = formText(form, field).trim();
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value)) {
    errors[field] = "Enter a number";
    return 0;
  }
  return Math.round(value * scale);
}

function readSettings(form: FormData, errors: DestinationFieldErrors): SettingsInput {
  const headers: Record<string, string> = {};
  const names = form.getAll("headerName");
  const values = form.getAll("headerValue");
  names.forEach((rawName, index) => {
    const headerName = typeof rawName === "string" ? rawName.trim() : "";
    const rawValue = values[index];
    const value = typeof rawValue === "string" ? rawValue : "";
    if (headerName === "" && value.trim() === "") return; // an empty row
    if (headerName === "") {
      errors.headers ??= `Header ${index + 1} has a value but no name`;
      return;
    }
    if (Object.keys(headers).some((existing) => existing.toLowerCase() === headerName.toLowerCase())) {
      errors.headers ??= `${headerName} is given twice`;
      return;
    }
    headers[headerName] = value;
  });
  const schedule = parseRetrySchedule(formText(form, "retrySchedule"));
  if (!schedule.ok) errors.retrySchedule = schedule.message;
  const rateRaw = formText(form, "rateLimitPerSecond").trim();
  return {
    name: formText(form, "name"),
    url: formText(form, "url"),
    headers,
    timeoutMs: readInteger(form, "timeoutSeconds", errors, 1000),
    retrySchedule: schedule.ok ? schedule.seconds : [],
    maxConcurrency: readInteger(form, "maxConcurrency", errors),
    rateLimitPerSecond: rateRaw === "" ? null : readInteger(form, "rateLimitPerSecond", errors),
    allowPrivateNetwork: formText(form, "allowPrivateNetwork") === "on",
  };
}

function collectIssues(error: z.ZodError, errors: DestinationFieldErrors) {
  for (const issue of error.issues) {
    const [first, second] = issue.path;
    if (typeof first !== "string") continue;
    const field = FORM_FIELD[first] ?? first;
    let message = issue.message;
    if (first === "retrySchedule" && typeof second === "number") message = `Delay ${second + 1}: ${message}`;
    if (first === "timeoutMs") message = message.replace("At least 1000 ms", "At least 1 second").replace(/At most 60000 ms.*/, "At most 60 seconds");
    errors[field] ??= message;
  }
}

function failure(fieldErrors: DestinationFieldErrors, message?: string): DestinationFormFailure {
  return message === undefined ? { ok: false, fieldErrors } : { ok: false, fieldErrors, message };
}

const GONE = "This destination no longer exists.";

// ---------------------------------------------------------------------------------------------
// Actions

/** Live check of the URL while the operator types: syntax, DNS and the address policy, without connecting. */
export async function checkDestinationUrlAction(url: string, allowPrivateNetwork: boolean): Promise<UrlCheckResult> {
  await requireUser();
  const result = await checkDestinationUrl({ url: url.trim(), allowPrivateNetwork });
  return { ok: result.ok, message: result.message, blockedAsPrivate: !result.ok && result.kind === "blocked_address" && !allowPrivateNetwork };
}

export async function createDestinationAction(form: FormData): Promise<CreateDestinationResult> {
  const user = await requireUser();
  const errors: DestinationFieldErrors = {};
  const input = readSettings(form, errors);
  const parsed = DestinationCreateInput.safeParse(input);
  if (!parsed.success) collectIssues(parsed.error, errors);
  if (Object.keys(errors).length > 0) return failure(errors);

  const { destination, secret } = await createDestination({ input, actor: actorOf(user) });
  revalidatePath("/destinations");
  return { ok: true, destinationId: destination.id, secret };
}

export async function updateDestinationAction(destinationId: string, form: FormData): Promise<UpdateDestinationResult> {
  const user = await requireUser();
  const errors: DestinationFieldErrors = {};
  const input = readSettings(form, errors);
  const parsed = DestinationUpdateInput.safeParse(input);
  if (!parsed.success) collectIssues(parsed.error, errors);
  if (Object.keys(errors).length > 0) return failure(errors);

  const destination = await updateDestination({ id: destinationId, input, actor: actorOf(user) });
  if (!destination) return failure({}, GONE);
  revalidatePath(`/destinations/${destinationId}`);
  revalidatePath("/destinations");
  return { ok: true };
}

export async function rotateDestinationSecretAction(destinationId: string, form: FormData): Promise<RotateDestinationSecretResult> {
  const user = await requireUser();
  const errors: DestinationFieldErrors = {};
  const overlapRaw = formText(form, "overlapHours").trim();
  const overlapHours = overlapRaw === "" ? 24 : Number(overlapRaw);
  if (!Number.isFinite(overlapHours)) errors.overlapHours = "Enter a number of hours";
  const input: RotateDestinationSecretInput = { overlapHours };
  const parsed = RotateDestinationSecretInput.safeParse(input);
  if (!parsed.success) collectIssues(parsed.error, errors);
  if (errors.overlapHours?.startsWith("Too small")) errors.overlapHours = "Cannot be negative";
  if (Object.keys(errors).length > 0) return failure(errors);

  const rotated = await rotateDestinationSecret({ id: destinationId, input, actor: actorOf(user) });
  if (!rotated) return failure({}, GONE);
  revalidatePath(`/destinations/${destinationId}`);
  return { ok: true, secret: rotated.secret };
}

export async function pauseDestinationAction(destinationId: string, reason: string): Promise<DestinationStateResult> {
  const user = await requireUser();
  const trimmed = reason.trim().slice(0, 500);
  const destination = await pauseDestination({ id: destinationId, input: trimmed === "" ? {} : { reason: trimmed }, actor: actorOf(user) });
  if (!destination) return { ok: false, message: GONE };
  revalidatePath(`/destinations/${destinationId}`);
  revalidatePath("/destinations");
  return { ok: true };
}

export async function resumeDestinationAction(destinationId: string): Promise<DestinationStateResult> {
  const user = await requireUser();
  const resumed = await resumeDestination({ id: destinationId, actor: actorOf(user) });
  if (!resumed) return { ok: false, message: GONE };
  revalidatePath(`/destinations/${destinationId}`);
  revalidatePath("/destinations");
  return { ok: true, message: resumedMessage(resumed.requeued, resumed.drainSeconds, resumed.circuitOpen) };
}

const PROBE_REFUSED = {
  destination_not_found: GONE,
  circuit_not_open: "The circuit has closed already: deliveries are flowing.",
  destination_paused: "The destination is paused: resume it, which probes at once.",
} as const;

export async function probeDestinationAction(destinationId: string): Promise<DestinationStateResult> {
  const user = await requireUser();
  const result = await requestProbe({ id: destinationId, actor: actorOf(user) });
  if (!result.ok) return { ok: false, message: PROBE_REFUSED[result.code] };
  revalidatePath(`/destinations/${destinationId}`);
  return { ok: true, message: "Probing now: one waiting delivery is being sent. This page follows the result." };
}

export async function deleteDestinationAction(destinationId: string, confirmedName: string): Promise<{ ok: false; message: string }> {
  const user = await requireUser();
  const { deleted, deletedDeliveries } = await deleteDestination({ id: destinationId, actor: actorOf(user) });
  if (!deleted) return { ok: false, message: GONE };
  revalidatePath("/destinations");
  redirect(`/destinations?${new URLSearchParams({ deleted: confirmedName.slice(0, 100), deliveries: String(deletedDeliveries) })}`);
}

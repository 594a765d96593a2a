// Reads the New destination form ("create") or a destination's Settings form ("update") into
// DestinationCreateInput / DestinationUpdateInput: header rows as name/value pairs, the timeout in
// seconds, the retry schedule as typed ("5s, 5m, 30m"), an empty rate limit as none.
import { placeDestinationIssue } from "@/lib/destinations/destination-form-fields";
import { parseRetrySchedule } from "@/lib/destinations/retry-schedule-text";
import { DestinationCreateInput, DestinationUpdateInput } from "@/lib/destinations/schema";
import { addIssues, formFailure, hasFieldErrors, type FieldErrors, type FormReading } from "@/lib/forms/form-result";
import { formText } from "@/lib/forms/form-text";

interface Settings {
  name: string;
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  retrySchedule: number[];
  maxConcurrency: number;
  rateLimitPerSecond: number | null;
  allowPrivateNetwork: boolean;
  orderingKey: string;
}

/** A number times `scale`, rounded; the schema says whether it is in range. */
function readInteger(form: FormData, field: string, fieldErrors: FieldErrors, scale = 1): number {
  const raw = formText(form, field).trim();
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value)) {
    fieldErrors[field] = "Enter a number";
    return 0;
  }
  return Math.round(value * scale);
}

/** The header rows (headerName[i], headerValue[i]); an empty row is skipped. */
function readHeaders(form: FormData, fieldErrors: FieldErrors): Record<string, string> {
  const headers: Record<string, string> = {};
  const names = form.getAll("headerName");
  const values = form.getAll("headerValue");
  names.forEach((rawName, index) => {
    const headerName = typeof rawName === "string" ? rawName.trim() : "";
    const rawValue = values[index];
    const value = typeof rawValue === "string" ? rawValue : "";
    if (headerName === "" && value.trim() === "") return;
    if (headerName === "") {
      fieldErrors.headers ??= `Header ${index + 1} has a value but no name`;
      return;
    }
    if (Object.keys(headers).some((existing) => existing.toLowerCase() === headerName.toLowerCase())) {
      fieldErrors.headers ??= `${headerName} is given twice`;
      return;
    }
    headers[headerName] = value;
  });
  return headers;
}

function readSettings(form: FormData, fieldErrors: FieldErrors): Settings {
  const headers = readHeaders(form, fieldErrors);
  const schedule = parseRetrySchedule(formText(form, "retrySchedule"));
  if (!schedule.ok) fieldErrors.retrySchedule = schedule.message;
  const rateRaw = formText(form, "rateLimitPerSecond").trim();
  return {
    name: formText(form, "name"),
    url: formText(form, "url"),
    headers,
    timeoutMs: readInteger(form, "timeoutSeconds", fieldErrors, 1000),
    retrySchedule: schedule.ok ? schedule.seconds : [],
    maxConcurrency: readInteger(form, "maxConcurrency", fieldErrors),
    rateLimitPerSecond: rateRaw === "" ? null : readInteger(form, "rateLimitPerSecond", fieldErrors),
    allowPrivateNetwork: formText(form, "allowPrivateNetwork") === "on",
    orderingKey: formText(form, "orderingKey"),
  };
}

export function readDestinationForm(options: { form: FormData; mode: "create" }): FormReading<DestinationCreateInput>;
export function readDestinationForm(options: { form: FormData; mode: "update" }): FormReading<DestinationUpdateInput>;
export function readDestinationForm({
  form,
  mode,
}: {
  form: FormData;
  mode: "create" | "update";
}): FormReading<DestinationCreateInput | DestinationUpdateInput> {
  const fieldErrors: FieldErrors = {};
  const input = readSettings(form, fieldErrors);
  // Both forms send every setting; they differ in what the schema requires (update: nothing).
  const parsed = (mode === "create" ? DestinationCreateInput : DestinationUpdateInput).safeParse(input);
  if (!parsed.success) addIssues(fieldErrors, parsed.error, placeDestinationIssue);
  return hasFieldErrors(fieldErrors) ? formFailure(fieldErrors) : { ok: true, input };
}

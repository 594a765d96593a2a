// The one shape every dashboard form answers with (sources, destinations, rules, setup…) and the
// helpers that fill it, so a component shows a failure the same way whichever form it came from.
// Readers (lib/<area>/read-*-form.ts) turn FormData into the area's zod input or a FormFailure.
import type { z } from "zod";

/**
 * Field name as in the form ("name", "opt.header", "conditions.rules.0.value") → the message shown
 * under it. Forms whose names are open-ended (scheme options, rule paths) key it by any string; a
 * form with a fixed set of fields names them, and any may be missing.
 */
export type FieldErrors<Field extends string = string> = string extends Field
  ? Record<string, string>
  : Partial<Record<Field, string>>;

/** A submission that was not accepted: a message for the whole form, one per field, or both. */
export interface FormFailure<Field extends string = string> {
  ok: false;
  message?: string;
  fieldErrors: FieldErrors<Field>;
}

/** What a form's action answers: what it did (`T`, beside `ok: true`), or a failure to show. */
export type FormResult<
  T extends object = object,
  Field extends string = string,
  Failure extends FormFailure<Field> = FormFailure<Field>,
> = ({ ok: true } & T) | Failure;

/** What a form reader answers: the area's input, ready for its lib function, or the failure to show. */
export type FormReading<Input, Field extends string = string, Failure extends FormFailure<Field> = FormFailure<Field>> =
  { ok: true; input: Input } | Failure;

/** What an action without fields (a button) answers: what it did, or why not, in one message. */
export type ActionResult<T extends object = object> = ({ ok: true } & T) | { ok: false; message: string };

export type FormIssue = z.ZodError["issues"][number];

/** Where a zod issue is shown and in which words; null leaves it out. */
export type PlaceIssue<Field extends string = string> = (issue: FormIssue) => { field: Field; message: string } | null;

/** Each issue on its path joined with dots ("actions.1.tags"), after `prefix`; "form" for the input as a whole. */
export function placeByPath(prefix: ReadonlyArray<string | number> = []): PlaceIssue {
  return (issue) => ({ field: [...prefix, ...issue.path].map(String).join(".") || "form", message: issue.message });
}

/**
 * Adds the error's issues to `fieldErrors` where `place` puts them and returns it. A field keeps the
 * first message it got: the form's own checks run first, and the first problem is the one to fix.
 */
export function addIssues<Field extends string>(
  fieldErrors: FieldErrors<Field>,
  error: z.ZodError,
  place: PlaceIssue<Field>,
): FieldErrors<Field> {
  for (const issue of error.issues) {
    const placed = place(issue);
    // FieldErrors<Field> is a conditional type, which TypeScript cannot index while Field is generic.
    if (placed) (fieldErrors as Partial<Record<string, string>>)[placed.field] ??= placed.message;
  }
  return fieldErrors;
}

export function hasFieldErrors(fieldErrors: Partial<Record<string, string>>): boolean {
  return Object.keys(fieldErrors).length > 0;
}

/** A FormFailure; `message` is left out, not undefined, when there is none. */
export function formFailure<Field extends string = string>(
  fieldErrors: FieldErrors<Field>,
  message?: string,
): FormFailure<Field> {
  return message === undefined ? { ok: false, fieldErrors } : { ok: false, message, fieldErrors };
}

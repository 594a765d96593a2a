import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  addIssues,
  formFailure,
  hasFieldErrors,
  placeByPath,
  type FieldErrors,
  type PlaceIssue,
} from "@/lib/forms/form-result";

const Rule = z.object({
  name: z.string().min(1, "Name is required"),
  actions: z.array(z.object({ tags: z.array(z.string()).min(1, "Add a tag") })),
});

function errorOf(value: unknown): z.ZodError {
  const parsed = Rule.safeParse(value);
  if (parsed.success) throw new Error("expected an error");
  return parsed.error;
}

describe("placeByPath", () => {
  it.each([
    { case: "a field", value: { name: "", actions: [] }, prefix: [], field: "name" },
    {
      case: "a nested field, joined with dots",
      value: { name: "x", actions: [{ tags: [] }] },
      prefix: [],
      field: "actions.0.tags",
    },
    { case: "after a prefix", value: { name: "", actions: [] }, prefix: ["rule"], field: "rule.name" },
    { case: "the input as a whole", value: "not an object", prefix: [], field: "form" },
  ])("$case", ({ value, prefix, field }) => {
    const [issue] = errorOf(value).issues;
    expect(placeByPath(prefix)(issue!)).toEqual({ field, message: issue!.message });
  });
});

describe("addIssues", () => {
  const onlyName: PlaceIssue<"name"> = (issue) =>
    issue.path[0] === "name" ? { field: "name", message: `Name: ${issue.message}` } : null;

  it.each<{ case: string; before: FieldErrors; value: unknown; place: PlaceIssue; after: FieldErrors }>([
    {
      case: "each issue on its field",
      before: {},
      value: { name: "", actions: [{ tags: [] }] },
      place: placeByPath(),
      after: { name: "Name is required", "actions.0.tags": "Add a tag" },
    },
    {
      case: "a field keeps the message it had",
      before: { name: "Enter a name first" },
      value: { name: "", actions: [] },
      place: placeByPath(),
      after: { name: "Enter a name first" },
    },
    {
      case: "the first of several issues on one field",
      before: {},
      value: { name: "", actions: "none" },
      place: () => ({ field: "form", message: "first" }),
      after: { form: "first" },
    },
    {
      case: "issues the placer leaves out",
      before: {},
      value: { name: "", actions: [{ tags: [] }] },
      place: onlyName,
      after: { name: "Name: Name is required" },
    },
  ])("$case", ({ before, value, place, after }) => {
    const fieldErrors: FieldErrors = { ...before };
    expect(addIssues(fieldErrors, errorOf(value), place)).toBe(fieldErrors);
    expect(fieldErrors).toEqual(after);
  });
});

describe("hasFieldErrors and formFailure", () => {
  it.each<{ fieldErrors: FieldErrors; message: string | undefined; has: boolean; failure: object }>([
    { fieldErrors: {}, message: undefined, has: false, failure: { ok: false, fieldErrors: {} } },
    {
      fieldErrors: { url: "Enter a URL" },
      message: undefined,
      has: true,
      failure: { ok: false, fieldErrors: { url: "Enter a URL" } },
    },
    {
      fieldErrors: {},
      message: "This source no longer exists.",
      has: false,
      failure: { ok: false, message: "This source no longer exists.", fieldErrors: {} },
    },
  ])("$fieldErrors, $message", ({ fieldErrors, message, has, failure }) => {
    expect(hasFieldErrors(fieldErrors)).toBe(has);
    // toStrictEqual: no `message: undefined` key when there is no message.
    expect(formFailure(fieldErrors, message)).toStrictEqual(failure);
  });
});

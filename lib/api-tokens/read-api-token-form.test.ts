import { describe, expect, it } from "vitest";
import { readApiTokenForm } from "@/lib/api-tokens/read-api-token-form";
import { formDataOf } from "@/lib/testing/form-data";

describe("readApiTokenForm", () => {
  it.each([
    { case: "a name, trimmed", fields: { name: " CI deploys " }, read: { ok: true, input: { name: "CI deploys", kind: "api" } } },
    {
      case: "a blank name",
      fields: { name: "  " },
      read: { ok: false, fieldErrors: { name: "Give the token a name" } },
    },
    {
      case: "a name too long",
      fields: { name: "x".repeat(101) },
      read: { ok: false, fieldErrors: { name: "Use at most 100 characters" } },
    },
    { case: "no name field", fields: {}, read: { ok: false, fieldErrors: { name: expect.any(String) as unknown } } },
  ])("$case", ({ fields, read }) => {
    expect(readApiTokenForm({ form: formDataOf(fields) })).toStrictEqual(read);
  });
});

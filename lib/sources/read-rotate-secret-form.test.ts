import { describe, expect, it } from "vitest";
import { readRotateSecretForm } from "@/lib/sources/read-rotate-secret-form";
import { formDataOf } from "@/lib/testing/form-data";

describe("readRotateSecretForm", () => {
  it.each([
    {
      case: "empty: a generated secret, 24 h of overlap",
      fields: { scheme: "github", secret: " ", overlapHours: "" },
      read: { ok: true, input: { secret: undefined, overlapHours: 24 } },
    },
    {
      case: "a pasted secret, retired at once",
      fields: { scheme: "github", secret: " s3cret-value-long-enough ", overlapHours: "0" },
      read: { ok: true, input: { secret: "s3cret-value-long-enough", overlapHours: 0 } },
    },
    {
      case: "hours that are not a number",
      fields: { scheme: "github", overlapHours: "a day" },
      read: { ok: false, fieldErrors: { overlapHours: "Enter a number of hours" }, secretWarning: false },
    },
    {
      case: "negative hours",
      fields: { scheme: "github", overlapHours: "-1" },
      read: { ok: false, fieldErrors: { overlapHours: "Cannot be negative" }, secretWarning: false },
    },
    {
      case: "more than 30 days",
      fields: { scheme: "github", overlapHours: "721" },
      read: { ok: false, fieldErrors: { overlapHours: "At most 30 days" }, secretWarning: false },
    },
    {
      case: "a secret the source's scheme warns about",
      fields: { scheme: "stripe", secret: "sk_live_abcdefghijklmnopqrstuvwxyz", overlapHours: "24" },
      read: {
        ok: false,
        fieldErrors: { secret: expect.stringMatching(/^Stripe webhook signing secrets start with whsec_/) as unknown },
        secretWarning: true,
      },
    },
    {
      case: "the same secret, kept anyway",
      fields: { scheme: "stripe", secret: "sk_live_abcdefghijklmnopqrstuvwxyz", acceptSecretWarning: "yes" },
      read: { ok: true, input: { secret: "sk_live_abcdefghijklmnopqrstuvwxyz", overlapHours: 24 } },
    },
  ])("$case", ({ fields, read }) => {
    expect(readRotateSecretForm({ form: formDataOf(fields) })).toEqual(read);
  });
});

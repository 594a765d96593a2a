import { describe, expect, it } from "vitest";
import { readRotateDestinationSecretForm } from "@/lib/destinations/read-rotate-destination-secret-form";
import { formDataOf } from "@/lib/testing/form-data";

describe("readRotateDestinationSecretForm", () => {
  it.each([
    { case: "empty: 24 h of overlap", overlapHours: " ", read: { ok: true, input: { overlapHours: 24 } } },
    { case: "retired at once", overlapHours: "0", read: { ok: true, input: { overlapHours: 0 } } },
    { case: "half an hour", overlapHours: "0.5", read: { ok: true, input: { overlapHours: 0.5 } } },
    {
      case: "not a number",
      overlapHours: "a day",
      read: { ok: false, fieldErrors: { overlapHours: "Enter a number of hours" } },
    },
    { case: "negative", overlapHours: "-2", read: { ok: false, fieldErrors: { overlapHours: "Cannot be negative" } } },
    {
      case: "more than 30 days",
      overlapHours: "721",
      read: { ok: false, fieldErrors: { overlapHours: "At most 30 days" } },
    },
  ])("$case", ({ overlapHours, read }) => {
    expect(readRotateDestinationSecretForm({ form: formDataOf({ overlapHours }) })).toStrictEqual(read);
  });
});

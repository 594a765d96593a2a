import { describe, expect, it } from "vitest";
import { readSetupForm } from "@/lib/auth/read-setup-form";
import { formDataOf } from "@/lib/testing/form-data";

describe("readSetupForm", () => {
  it.each([
    {
      case: "name, email (normalised) and password",
      fields: { name: " Ada ", email: "Ada@Example.com", password: "correct horse battery" },
      read: { ok: true, input: { name: "Ada", email: "ada@example.com", password: "correct horse battery" } },
    },
    {
      case: "no name",
      fields: { name: "", email: "ada@example.com", password: "correct horse battery" },
      read: { ok: true, input: { name: undefined, email: "ada@example.com", password: "correct horse battery" } },
    },
    {
      case: "an email with spaces around it (checked as typed)",
      fields: { email: " ada@example.com ", password: "correct horse battery" },
      read: { ok: false, fieldErrors: { email: "Enter a valid email address" } },
    },
    {
      case: "a bad email and a short password",
      fields: { name: "Ada", email: "ada", password: "short" },
      read: {
        ok: false,
        fieldErrors: { email: "Enter a valid email address", password: "Use at least 12 characters" },
      },
    },
    {
      case: "nothing sent",
      fields: {},
      read: {
        ok: false,
        fieldErrors: { email: "Enter a valid email address", password: expect.any(String) as unknown },
      },
    },
    {
      case: "a name too long",
      fields: { name: "x".repeat(101), email: "ada@example.com", password: "correct horse battery" },
      read: { ok: false, fieldErrors: { name: expect.any(String) as unknown } },
    },
  ])("$case", ({ fields, read }) => {
    expect(readSetupForm({ form: formDataOf(fields) })).toStrictEqual(read);
  });
});

import { describe, expect, it } from "vitest";
import { readSetupForm } from "@/lib/auth/read-setup-form";
import { formDataOf } from "@/lib/testing/form-data";

describe("readSetupForm", () => {
  it.each([
    {
      case: "set-up code, name, email (normalised) and password",
      fields: { setupCode: " 7K2M-QX9D-0A1B-ZZ34 ", name: " Ada ", email: "Ada@Example.com", password: "correct horse battery" },
      read: { ok: true, input: { setupCode: "7K2M-QX9D-0A1B-ZZ34", name: "Ada", email: "ada@example.com", password: "correct horse battery" } },
    },
    {
      case: "no name",
      fields: { setupCode: "7K2M-QX9D-0A1B-ZZ34", name: "", email: "ada@example.com", password: "correct horse battery" },
      read: { ok: true, input: { setupCode: "7K2M-QX9D-0A1B-ZZ34", name: undefined, email: "ada@example.com", password: "correct horse battery" } },
    },
    {
      case: "an email with spaces around it (checked as typed)",
      fields: { setupCode: "7K2M-QX9D-0A1B-ZZ34", email: " ada@example.com ", password: "correct horse battery" },
      read: { ok: false, fieldErrors: { email: "Enter a valid email address" } },
    },
    {
      case: "a bad email and a short password",
      fields: { setupCode: "7K2M-QX9D-0A1B-ZZ34", name: "Ada", email: "ada", password: "short" },
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
        fieldErrors: { setupCode: "Enter the set-up code from the start log", email: "Enter a valid email address", password: expect.any(String) as unknown },
      },
    },
    {
      case: "a name too long",
      fields: { setupCode: "7K2M-QX9D-0A1B-ZZ34", name: "x".repeat(101), email: "ada@example.com", password: "correct horse battery" },
      read: { ok: false, fieldErrors: { name: expect.any(String) as unknown } },
    },
    {
      case: "no set-up code (blank)",
      fields: { setupCode: "  ", email: "ada@example.com", password: "correct horse battery" },
      read: { ok: false, fieldErrors: { setupCode: "Enter the set-up code from the start log" } },
    },
  ])("$case", ({ fields, read }) => {
    expect(readSetupForm({ form: formDataOf(fields) })).toStrictEqual(read);
  });
});

import { describe, expect, it } from "vitest";
import { readSetupAnswer } from "@/lib/auth/read-setup-answer";

describe("readSetupAnswer", () => {
  it.each([
    { case: "created", status: 201, body: { data: { id: "x", email: "a@b.c" } }, result: { ok: true } },
    {
      case: "a wrong set-up code: under its field",
      status: 403,
      body: { error: { code: "setup_code_invalid", message: "This is not the set-up code." } },
      result: { ok: false, fieldErrors: { setupCode: "This is not the set-up code." } },
    },
    {
      case: "fields the API found wrong: under each, the first message kept",
      status: 400,
      body: {
        error: {
          code: "invalid_request",
          message: "password: too short",
          details: [
            { path: ["password"], message: "Use at least 12 characters" },
            { path: ["password"], message: "second" },
            { path: ["unknown"], message: "ignored" },
          ],
        },
      },
      result: { ok: false, fieldErrors: { password: "Use at least 12 characters" } },
    },
    {
      case: "an invalid request about no field: its message",
      status: 400,
      body: { error: { code: "invalid_request", message: "Send an object", details: [{ path: [], message: "Send an object" }] } },
      result: { ok: false, message: "Send an object", fieldErrors: {} },
    },
    {
      case: "set-up already done",
      status: 409,
      body: { error: { code: "setup_already_done", message: "Switchyard already has an administrator; sign in instead." } },
      result: { ok: false, message: "Switchyard already has an administrator; sign in instead.", fieldErrors: {} },
    },
    { case: "no answer at all", status: 0, body: null, result: { ok: false, message: "Switchyard could not be reached; try again.", fieldErrors: {} } },
    { case: "a body that is not ours", status: 502, body: "<html>", result: { ok: false, message: "The set-up failed (HTTP 502); try again.", fieldErrors: {} } },
  ])("$case", ({ status, body, result }) => {
    expect(readSetupAnswer({ status, body })).toStrictEqual(result);
  });
});

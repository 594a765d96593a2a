// POST /api/v1/setup, called as Next calls it: the set-up code is required, and whatever the body
// is, a malformed one answers 400 with a stable code (the server action it replaces answered 500,
// "a.get is not a function", to a body that was not a form).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { issueSetupCode } from "@/lib/users/issue-setup-code";
import { needsSetup } from "@/lib/users/needs-setup";
import { POST } from "./route";

afterAll(() => disconnectDb());

let setupCode = "";
// Integration test files run one at a time on the run's throwaway database: emptying the users
// table here disturbs no other test.
beforeAll(async () => {
  await db().user.deleteMany({});
  await db().setupCode.deleteMany({});
  setupCode = (await issueSetupCode())!;
});

async function post(body: BodyInit | null, contentType = "application/json") {
  const response = await POST(new Request("http://localhost:3999/api/v1/setup", { method: "POST", headers: { "content-type": contentType }, body }));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as { data?: unknown; error?: { code: string; details?: Array<{ path: unknown[] }> } } };
}

const account = { name: "Ada", email: "ada@setup.test", password: "correct horse battery" };

describe("POST /api/v1/setup", () => {
  it.each([
    { case: "a form, as the old server action took", body: () => new URLSearchParams({ ...account, setupCode: "x" }), type: "application/x-www-form-urlencoded", code: "invalid_json" },
    { case: "multipart form data", body: () => "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n", type: "multipart/form-data; boundary=b", code: "invalid_json" },
    { case: "a server action's reply encoding", body: () => '["$K1"]', type: "text/plain;charset=UTF-8", code: "invalid_request" },
    { case: "no body", body: () => null, type: "application/json", code: "invalid_json" },
    { case: "a JSON string", body: () => '"setup"', type: "application/json", code: "invalid_request" },
    { case: "JSON null", body: () => "null", type: "application/json", code: "invalid_request" },
    { case: "bytes that are not UTF-8", body: () => new Uint8Array([0xff, 0xfe, 0x7b]), type: "application/json", code: "invalid_json" },
    { case: "an object of the wrong types", body: () => JSON.stringify({ setupCode: 1, email: [], password: {} }), type: "application/json", code: "invalid_request" },
  ])("answers $case with 400 $code", async ({ body, type, code }) => {
    const answer = await post(body(), type);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe(code);
  });

  it("answers a body too large with 413, and still creates no one", async () => {
    const answer = await post(JSON.stringify({ ...account, setupCode, name: "x".repeat(300_000) }));
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe("body_too_large");
    expect(await needsSetup()).toBe(true);
  });

  it("refuses a missing or wrong set-up code with its own codes and creates no one", async () => {
    const missing = await post(JSON.stringify(account));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["setupCode"] }] });
    const wrong = await post(JSON.stringify({ ...account, setupCode: "0000-0000-0000-0000" }));
    expect(wrong.status).toBe(403);
    expect(wrong.body.error?.code).toBe("setup_code_invalid");
    expect(await needsSetup()).toBe(true);
  });

  it("creates the admin with the right code, once", async () => {
    const created = await post(JSON.stringify({ ...account, setupCode }));
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ email: "ada@setup.test" });
    expect(await db().user.findMany({ select: { email: true, role: true } })).toEqual([{ email: "ada@setup.test", role: "admin" }]);

    const again = await post(JSON.stringify({ ...account, email: "eve@setup.test", setupCode }));
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("setup_already_done");
  });
});

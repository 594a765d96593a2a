import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_JSON_BODY_BYTES, parseJsonBody } from "@/lib/api/parse-json-body";

const schema = z.object({ name: z.string().min(1, "Give it a name"), tags: z.array(z.string()).default([]) });

function post(body?: string | Uint8Array<ArrayBuffer>) {
  return new Request("http://localhost/api/v1/things", { method: "POST", headers: { "content-type": "application/json" }, body });
}

async function failure(result: Awaited<ReturnType<typeof parseJsonBody>>) {
  if (result.ok) throw new Error("expected a failure");
  return { status: result.response.status, body: (await result.response.json()) as { error: { code: string; message: string; details?: unknown } } };
}

describe("parseJsonBody", () => {
  it("parses and validates, applying the schema's defaults", async () => {
    expect(await parseJsonBody({ request: post('{"name":"a"}'), schema })).toEqual({ ok: true, data: { name: "a", tags: [] } });
  });

  it("answers 400 invalid_json for malformed JSON, an empty body, or bytes that are not UTF-8", async () => {
    for (const body of ['{"name":', undefined, new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const { status, body: answer } = await failure(await parseJsonBody({ request: post(body), schema }));
      expect(status).toBe(400);
      expect(answer.error.code).toBe("invalid_json");
    }
  });

  it("reads an empty body as {} when the body is optional", async () => {
    const optional = z.object({ hours: z.number().default(24) });
    expect(await parseJsonBody({ request: post(), schema: optional, optional: true })).toEqual({ ok: true, data: { hours: 24 } });
    expect(await parseJsonBody({ request: post("  "), schema: optional, optional: true })).toEqual({ ok: true, data: { hours: 24 } });
  });

  it("answers 400 invalid_request with every issue's path and message", async () => {
    const { status, body } = await failure(await parseJsonBody({ request: post('{"name":"","tags":["ok",7]}'), schema }));
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toBe("name: Give it a name (and 1 more; see details)");
    expect(body.error.details).toEqual([
      { path: ["name"], message: "Give it a name" },
      { path: ["tags", 1], message: expect.stringMatching(/string/) as unknown },
    ]);
  });

  it("answers 413 body_too_large past the limit", async () => {
    const { status, body } = await failure(await parseJsonBody({ request: post(`"${"x".repeat(MAX_JSON_BODY_BYTES)}"`), schema }));
    expect(status).toBe(413);
    expect(body.error.code).toBe("body_too_large");
  });
});

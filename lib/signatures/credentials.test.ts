// Schemes that authenticate the sender without signing the body: HTTP Basic auth and an API key
// header; and `none`, which accepts everything and says so.
import { describe, expect, it } from "vitest";
import { apiKey, apiKeyOptionsSchema } from "./api-key";
import { basicAuth } from "./basic-auth";
import { none } from "./none";
import { bytes, expectFailure, expectOk, headersOf, NOW } from "@/lib/testing/signature-fixtures";

const BODY = bytes('{"type":"ping"}');
const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;

describe("basic-auth", () => {
  const verify = (headers: Record<string, string | undefined>, secrets: string[]) =>
    basicAuth.verify({ rawBody: BODY, headers: headersOf(headers), secrets, options: {}, now: NOW });

  it.each([
    { name: "valid", auth: basic("hooks:s3cret"), secrets: ["hooks:s3cret"], code: null },
    {
      name: "lower-case scheme name",
      auth: basic("hooks:s3cret").replace("Basic", "basic"),
      secrets: ["hooks:s3cret"],
      code: null,
    },
    {
      name: "password containing colons and non-ASCII",
      auth: basic("hooks:pa:ss:wörd"),
      secrets: ["hooks:pa:ss:wörd"],
      code: null,
    },
    { name: "rotation", auth: basic("hooks:new"), secrets: ["hooks:old", "hooks:new"], code: null, index: 1 },
    { name: "wrong password", auth: basic("hooks:s3cre"), secrets: ["hooks:s3cret"], code: "signature_mismatch" },
    { name: "wrong user", auth: basic("hook:s3cret"), secrets: ["hooks:s3cret"], code: "signature_mismatch" },
    { name: "bearer token", auth: "Bearer abc", secrets: ["hooks:s3cret"], code: "malformed_signature" },
    { name: "no colon", auth: basic("hooks"), secrets: ["hooks:s3cret"], code: "malformed_signature" },
    { name: "not base64", auth: "Basic ***", secrets: ["hooks:s3cret"], code: "malformed_signature" },
  ] as const)("$name", (row) => {
    const result = verify({ Authorization: row.auth }, [...row.secrets]);
    if (row.code === null) expectOk(result, "index" in row ? row.index : 0);
    else expectFailure(result, row.code);
  });

  it("reports a missing header and a missing secret", () => {
    expectFailure(verify({}, ["hooks:s3cret"]), "missing_signature");
    expectFailure(verify({ Authorization: basic("hooks:s3cret") }, []), "no_secret");
  });

  it("never echoes the credentials", () => {
    const message = expectFailure(
      verify({ Authorization: basic("hooks:guess") }, ["hooks:s3cret"]),
      "signature_mismatch",
    );
    expect(message).not.toMatch(/s3cret|guess|hooks/);
  });

  it("signs an Authorization header and generates user:<random> secrets", () => {
    expect(basicAuth.sign({ rawBody: BODY, secret: "hooks:s3cret", options: {}, now: NOW })).toEqual({
      authorization: basic("hooks:s3cret"),
    });
    const secret = basicAuth.generateSecret();
    expect(secret).toMatch(/^user:[A-Za-z0-9_-]{32}$/);
    expect(basicAuth.checkSecret(secret)).toBeNull();
    expect(basicAuth.checkSecret("no-colon")).toMatch(/username:password/);
  });
});

describe("api-key", () => {
  const verify = (raw: unknown, headers: Record<string, string | undefined>, secrets: string[]) =>
    apiKey.verify({
      rawBody: BODY,
      headers: headersOf(headers),
      secrets,
      options: apiKeyOptionsSchema.parse(raw),
      now: NOW,
    });
  const KEY = "k_9f8e7d6c5b4a";

  it.each([
    { name: "default X-API-Key", raw: {}, headers: { "X-API-Key": KEY }, code: null },
    { name: "custom header", raw: { header: "X-Hook-Token" }, headers: { "x-hook-token": KEY }, code: null },
    {
      name: "Bearer prefix",
      raw: { header: "Authorization", prefix: "Bearer " },
      headers: { Authorization: `Bearer ${KEY}` },
      code: null,
    },
    {
      name: "prefix matched case-insensitively",
      raw: { header: "Authorization", prefix: "Bearer " },
      headers: { Authorization: `bearer ${KEY}` },
      code: null,
    },
    {
      name: "wrong prefix",
      raw: { header: "Authorization", prefix: "Bearer " },
      headers: { Authorization: `Token ${KEY}` },
      code: "malformed_signature",
    },
    { name: "wrong key", raw: {}, headers: { "X-API-Key": `${KEY}x` }, code: "signature_mismatch" },
    { name: "truncated key", raw: {}, headers: { "X-API-Key": KEY.slice(0, -1) }, code: "signature_mismatch" },
    { name: "header missing", raw: {}, headers: { Authorization: KEY }, code: "missing_signature" },
    { name: "header empty", raw: {}, headers: { "X-API-Key": "" }, code: "missing_signature" },
  ] as const)("$name", ({ raw, headers, code }) => {
    const result = verify(raw, { ...headers }, [KEY]);
    if (code === null) expectOk(result, 0);
    else expectFailure(result, code);
  });

  it("reports the matching key during rotation", () => {
    expectOk(verify({}, { "X-API-Key": KEY }, ["old-key", KEY]), 1);
  });

  it("signs with the configured header and prefix", () => {
    const options = apiKeyOptionsSchema.parse({ header: "Authorization", prefix: "Bearer " });
    expect(apiKey.sign({ rawBody: BODY, secret: KEY, options, now: NOW })).toEqual({ authorization: `Bearer ${KEY}` });
    expect(apiKey.generateSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("none", () => {
  it("accepts anything, with no secret, and is marked unverified", () => {
    expect(none.verifies).toBe(false);
    expect(none.verify({ rawBody: BODY, headers: headersOf({}), secrets: [], options: {}, now: NOW })).toEqual({
      ok: true,
      secretIndex: null,
    });
    expect(none.sign({ rawBody: BODY, secret: "", options: {}, now: NOW })).toEqual({});
    expect(none.eventType({ headers: headersOf({}), json: { type: "ping" } })).toBe("ping");
    expect(none.dedupeKey({ headers: headersOf({}), json: { id: "1" } })).toBeNull();
  });
});

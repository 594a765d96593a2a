import { randomUUID } from "node:crypto";
import twilioLibrary from "twilio";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { receive } from "@/lib/pipeline/ingest/receive";
import { stopSender } from "@/lib/queue";
import { createSource } from "@/lib/sources/create-source";
import { rotateSourceSecret } from "@/lib/sources/rotate-source-secret";
import { getScheme, schemeList } from "@/lib/signatures/registry";
import type { SchemeId } from "@/lib/signatures/types";
import { createTestSource, eventually, TEST_ACTOR, webhookRequest } from "@/lib/testing/factories";
import { subscribeLive } from "@/lib/live/live-listener";
import { forgetIngestSources } from "@/lib/pipeline/ingest/load-ingest-source";
import { ingestUrl } from "@/lib/sources/ingest-url";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

type TestSource = Awaited<ReturnType<typeof createTestSource>>;

async function jobsFor(eventId: string) {
  return db().$queryRaw<Array<{ name: string; state: string }>>`
    SELECT name, state FROM pgboss.job WHERE data->>'eventId' = ${eventId} OR data->'eventIds' @> jsonb_build_array(${eventId}::text)`;
}

/** A request signed by the provider's rules for this source's scheme. */
function signed(source: TestSource, secret: string, init: { body?: string; headers?: Record<string, string>; now?: Date } = {}) {
  const scheme = getScheme(source.scheme);
  const sample = init.body === undefined ? scheme.sampleBody?.() : undefined;
  const body = init.body ?? sample?.body ?? JSON.stringify(scheme.samplePayload());
  const contentType = sample?.contentType ?? "application/json";
  // A scheme that signs the URL (Twilio) is sent to the public ingest URL (APP_URL), as a provider would.
  const url = scheme.signedUrl?.({ url: ingestUrl(source), rawBody: Buffer.from(body), contentType });
  const headers = scheme.sign({ rawBody: Buffer.from(body), secret, options: source.schemeOptions as never, now: init.now ?? new Date(), ...(url ? { url } : {}), contentType });
  if (url) return new Request(url, { method: "POST", headers: { "content-type": contentType, ...headers, ...init.headers }, body });
  return webhookRequest(source.key, { body, headers: { ...headers, ...init.headers } });
}

async function accept(response: Response): Promise<{ eventId: string; duplicate?: boolean }> {
  expect(response.status).toBe(200);
  return (await response.json()) as { eventId: string; duplicate?: boolean };
}

async function rejections(sourceId: string) {
  return db().rejectedRequest.findMany({ where: { sourceId }, orderBy: { receivedAt: "asc" } });
}

const OPTIONS: Partial<Record<SchemeId, Record<string, unknown>>> = {
  hmac: { header: "x-signature", algorithm: "sha256", encoding: "hex" },
};
const verifyingSchemes = schemeList.filter((scheme) => scheme.verifies).map((scheme) => scheme.id);

describe("receive: verification", () => {
  it.each(verifyingSchemes)("%s: accepts a correctly signed request and refuses a forgery with 401", async (id) => {
    const source = await createTestSource({ scheme: id, schemeOptions: OPTIONS[id] ?? {} });
    expect(source.secret).toBeTruthy();

    const { eventId } = await accept(await receive({ key: source.key, request: signed(source, source.secret!) }));
    const event = await db().event.findUniqueOrThrow({ where: { id: eventId } });
    expect(event.verification).toMatchObject({ scheme: id, verified: true, secretId: source.secrets[0]!.id, secretHint: source.secrets[0]!.hint });
    expect(await jobsFor(eventId)).toEqual([{ name: "route-event", state: "created" }]);

    const forged = await receive({ key: source.key, request: signed(source, getScheme(id).generateSecret()) });
    expect(forged.status).toBe(401);
    const answer = (await forged.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe("signature_invalid");
    expect(answer.error.message).not.toContain(source.secret!);
    expect(await rejections(source.id)).toMatchObject([{ status: 401, reason: "signature_invalid" }]);
  });

  it("stores credential headers redacted for api-key sources", async () => {
    const source = await createTestSource({ scheme: "api-key", schemeOptions: { header: "x-hook-key" } });
    const { eventId } = await accept(await receive({ key: source.key, request: signed(source, source.secret!) }));
    const event = await db().event.findUniqueOrThrow({ where: { id: eventId } });
    expect((event.headers as Record<string, string>)["x-hook-key"]).toBe("[redacted]");
  });

  it("refuses stale and future timestamps (replay protection)", async () => {
    const source = await createTestSource({ scheme: "stripe", toleranceSeconds: 300 });
    const old = await receive({ key: source.key, request: signed(source, source.secret!, { now: new Date(Date.now() - 10 * 60_000) }) });
    const future = await receive({ key: source.key, request: signed(source, source.secret!, { now: new Date(Date.now() + 10 * 60_000) }) });
    expect([old.status, future.status]).toEqual([401, 401]);
    expect([((await old.json()) as { error: { code: string } }).error.code, ((await future.json()) as { error: { code: string } }).error.code]).toEqual([
      "timestamp_too_old",
      "timestamp_in_future",
    ]);
    // The refused-requests log (shown on the source's page) records the same code.
    expect((await rejections(source.id)).map((row) => row.reason)).toEqual(["timestamp_too_old", "timestamp_in_future"]);
  });

  it("answers each way a request fails verification with its own code, recorded as the rejection's reason", async () => {
    const stripe = await createTestSource({ scheme: "stripe" });
    const good = new Headers(getScheme("stripe").sign({ rawBody: Buffer.from("{}"), secret: stripe.secret!, options: getScheme("stripe").optionsSchema.parse(undefined), now: new Date() })).get("stripe-signature") ?? "";
    const timestamp = /t=(\d+)/.exec(good)?.[1] ?? "";
    const unconfigured = await createSource({ input: { name: `no secret ${randomUUID()}`, scheme: "zendesk" }, actor: TEST_ACTOR });
    const toStripe = (headers: Record<string, string>) => ({ key: stripe.key, sourceId: stripe.id, request: webhookRequest(stripe.key, { body: "{}", headers }) });
    const cases: Array<[string, { key: string; sourceId: string; request: Request }]> = [
      ["signature_missing", toStripe({})],
      ["signature_malformed", toStripe({ "stripe-signature": "nonsense" })],
      ["timestamp_missing", toStripe({ "stripe-signature": "v1=" + "a".repeat(64) })],
      ["signature_invalid", toStripe({ "stripe-signature": `t=${timestamp},v1=${"a".repeat(64)}` })],
      ["secret_not_configured", { key: unconfigured.source.key, sourceId: unconfigured.source.id, request: webhookRequest(unconfigured.source.key, { body: "{}" }) }],
    ];
    for (const [code, { key, sourceId, request }] of cases) {
      const response = await receive({ key, request });
      expect(response.status, code).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code, code).toBe(code);
      expect((await rejections(sourceId)).at(-1)?.reason, code).toBe(code);
    }
  });

  it("twilio: verifies the official library's signature over the public (APP_URL) URL, and stores the form's fields as the payload", async () => {
    const source = await createTestSource({ scheme: "twilio", secret: "0123456789abcdef0123456789abcdef" });
    const fields = { AccountSid: "AC42", From: "+15005550006", Body: "Printer on fire", SmsStatus: "received" };
    const publicUrl = `${ingestUrl(source)}?tenant=acme`;
    const post = (url: string, signedFor: string) =>
      receive({
        key: source.key,
        request: new Request(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioLibrary.getExpectedTwilioSignature(source.secret!, signedFor, fields) },
          body: new URLSearchParams(fields).toString(),
        }),
      });
    // The request reached this process under another name (a proxy in front): the public URL is what counts.
    const internalUrl = publicUrl.replace(/^https?:\/\/[^/]+/, "http://10.0.0.7:3000");
    const { eventId } = await accept(await post(internalUrl, publicUrl));
    expect(await db().event.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({ payload: fields, eventType: "received", verification: { scheme: "twilio", verified: true } });
    const forged = await post(publicUrl, internalUrl);
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("signature_invalid");
  });

  it("marks events of an unverified (none) source plainly", async () => {
    const source = await createTestSource();
    const { eventId } = await accept(await receive({ key: source.key, request: webhookRequest(source.key) }));
    expect((await db().event.findUniqueOrThrow({ where: { id: eventId } })).verification).toEqual({ scheme: "none", verified: false });
  });

  it("answers Slack's url_verification challenge without storing it", async () => {
    const source = await createTestSource({ scheme: "slack" });
    const body = JSON.stringify({ type: "url_verification", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    const response = await receive({ key: source.key, request: signed(source, source.secret!, { body }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    expect(await db().event.count({ where: { sourceId: source.id } })).toBe(0);
  });
});

describe("receive: the source's kept copy", () => {
  it("keeps a source between webhooks and looks again once told it changed", async () => {
    // Creating the source is announced by NOTIFY too; once that has come by, nothing else will
    // make the receiver look again.
    let created: string | null = null;
    const listening = subscribeLive({ message: (message) => void (message.kind === "source" && (created = message.id)), resync: () => undefined, close: () => undefined });
    await listening.ready;
    const source = await createTestSource();
    await eventually(() => created === source.id);
    listening.unsubscribe();
    await accept(await receive({ key: source.key, request: webhookRequest(source.key) }));
    // Disabled with triggers off (no NOTIFY, nothing in-process): the kept copy still says enabled.
    await db().$transaction([
      db().$executeRaw`SET LOCAL session_replication_role = replica`,
      db().$executeRaw`UPDATE sources SET enabled = false WHERE id = ${source.id}::uuid`,
    ]);
    await accept(await receive({ key: source.key, request: webhookRequest(source.key) }));
    forgetIngestSources();
    expect((await receive({ key: source.key, request: webhookRequest(source.key) })).status).toBe(410);
  });
});

describe("receive: secret rotation", () => {
  it("verifies old and new secrets during the overlap, and only the new one after", async () => {
    const source = await createTestSource({ scheme: "github" });
    const oldSecret = source.secret!;
    const rotated = await rotateSourceSecret({ id: source.id, input: { overlapHours: 24 }, actor: TEST_ACTOR });
    expect(rotated).not.toBeNull();

    const viaOld = await accept(await receive({ key: source.key, request: signed(source, oldSecret) }));
    const viaNew = await accept(await receive({ key: source.key, request: signed(source, rotated!.secret) }));
    const events = await db().event.findMany({ where: { id: { in: [viaOld.eventId, viaNew.eventId] } } });
    expect(events.map((event) => (event.verification as { secretId: string }).secretId).sort()).toEqual([source.secrets[0]!.id, rotated!.secretId].sort());

    // The overlap ends: the old secret's expiry passes. Written behind this process's back, as
    // another process would: the receiver's kept copy goes once the database's NOTIFY arrives.
    let heard = false;
    const listening = subscribeLive({ message: (message) => void (heard ||= message.kind === "source" && message.id === source.id), resync: () => undefined, close: () => undefined });
    await listening.ready;
    await db().sourceSecret.update({ where: { id: source.secrets[0]!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await eventually(() => heard);
    listening.unsubscribe();
    expect((await receive({ key: source.key, request: signed(source, oldSecret) })).status).toBe(401);
    await accept(await receive({ key: source.key, request: signed(source, rotated!.secret) }));
  });

  it("refuses to rotate a source that verifies nothing", async () => {
    const source = await createTestSource();
    await expect(rotateSourceSecret({ id: source.id, input: {}, actor: TEST_ACTOR })).rejects.toThrow(/does not verify requests/);
    expect(await db().sourceSecret.count({ where: { sourceId: source.id } })).toBe(0);
  });

  it("retires the old secret at once with a zero overlap", async () => {
    const source = await createTestSource({ scheme: "shopify" });
    // Shopify makes the new secret too: it is pasted, never generated here.
    await expect(rotateSourceSecret({ id: source.id, input: { overlapHours: 0 }, actor: TEST_ACTOR })).rejects.toThrow(/Shopify generates the signing secret itself/);
    const fromShopify = getScheme("shopify").generateSecret();
    const rotated = await rotateSourceSecret({ id: source.id, input: { secret: fromShopify, overlapHours: 0 }, actor: TEST_ACTOR });
    expect(rotated!.secret).toBe(fromShopify);
    expect((await receive({ key: source.key, request: signed(source, source.secret!) })).status).toBe(401);
    await accept(await receive({ key: source.key, request: signed(source, rotated!.secret) }));
  });

  it("waits for the secret of a provider that makes its own, then verifies with the one pasted", async () => {
    const { source, secret } = await createSource({ input: { name: `Zendesk ${randomUUID()}`, scheme: "zendesk" }, actor: TEST_ACTOR });
    // Nothing generated: one could never match what Zendesk signs with.
    expect(secret).toBeNull();
    expect(source.secrets).toEqual([]);
    const withKey = Object.assign(source, { secret: null });
    const pasted = getScheme("zendesk").generateSecret();
    const refused = await receive({ key: source.key, request: signed(withKey, pasted) });
    expect(refused.status).toBe(401);
    expect((await rejections(source.id))[0]?.reason).toBe("secret_not_configured");
    await rotateSourceSecret({ id: source.id, input: { secret: pasted }, actor: TEST_ACTOR });
    await accept(await receive({ key: source.key, request: signed(withKey, pasted) }));
  });
});

describe("receive: duplicates", () => {
  it("answers a repeated delivery 200, counts it on the original, and routes it once", async () => {
    const source = await createTestSource({ scheme: "github" });
    const delivery = randomUUID();
    const first = await accept(await receive({ key: source.key, request: signed(source, source.secret!, { headers: { "x-github-delivery": delivery } }) }));
    const second = await accept(await receive({ key: source.key, request: signed(source, source.secret!, { headers: { "x-github-delivery": delivery } }) }));
    expect(second).toEqual({ ok: true, eventId: first.eventId, duplicate: true });
    const event = await db().event.findUniqueOrThrow({ where: { id: first.eventId } });
    expect(event).toMatchObject({ dedupeKey: delivery, duplicateCount: 1 });
    expect(event.lastDuplicateAt).toBeInstanceOf(Date);
    expect(await jobsFor(first.eventId)).toHaveLength(1);
  });

  it("lets exactly one of many concurrent duplicates in (the database decides)", async () => {
    const source = await createTestSource({ scheme: "standard-webhooks" });
    const body = JSON.stringify({ type: "invoice.paid", data: { id: 1 } });
    const requests = Array.from({ length: 20 }, () => signed(source, source.secret!, { body, headers: { "webhook-id": "msg_same" } }));
    // Standard Webhooks signs the id: sign each with the same id so every copy verifies.
    const responses = await Promise.all(
      requests.map((_, index) => {
        const scheme = getScheme("standard-webhooks");
        const headers = scheme.sign({ rawBody: Buffer.from(body), secret: source.secret!, options: {}, now: new Date(), id: "msg_same" });
        return receive({ key: source.key, request: webhookRequest(source.key, { body, headers: { ...headers, "x-copy": String(index) } }) });
      }),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const events = await db().event.findMany({ where: { sourceId: source.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ dedupeKey: "msg_same", duplicateCount: 19 });
    expect(await jobsFor(events[0]!.id)).toHaveLength(1);
  });

  it("uses a configured header or JSON path, or no key at all", async () => {
    const byPath = await createTestSource({ dedupeStrategy: "json_path", dedupeField: "data.items[0].id" });
    const body = JSON.stringify({ data: { items: [{ id: "item-1" }] } });
    const a = await accept(await receive({ key: byPath.key, request: webhookRequest(byPath.key, { body }) }));
    const b = await accept(await receive({ key: byPath.key, request: webhookRequest(byPath.key, { body }) }));
    expect(b).toMatchObject({ eventId: a.eventId, duplicate: true });

    const byHeader = await createTestSource({ dedupeStrategy: "header", dedupeField: "X-Request-Id" });
    const c = await accept(await receive({ key: byHeader.key, request: webhookRequest(byHeader.key, { headers: { "x-request-id": "r1" } }) }));
    expect(await accept(await receive({ key: byHeader.key, request: webhookRequest(byHeader.key, { headers: { "x-request-id": "r1" } }) }))).toMatchObject({ eventId: c.eventId, duplicate: true });

    const off = await createTestSource({ dedupeStrategy: "off" });
    await accept(await receive({ key: off.key, request: webhookRequest(off.key, { body }) }));
    await accept(await receive({ key: off.key, request: webhookRequest(off.key, { body }) }));
    expect(await db().event.count({ where: { sourceId: off.id } })).toBe(2);
  });
});

describe("receive: limits and refusals", () => {
  it("stores the raw request and enqueues one route-event job", async () => {
    const source = await createTestSource();
    const body = JSON.stringify({ type: "ticket.created", ticket: { id: 7, subject: "Printer on fire" } });
    const { eventId } = await accept(
      await receive({ key: source.key, request: webhookRequest(source.key, { body, headers: { "x-custom": "yes", authorization: "Bearer secret-token" } }) }),
    );
    const event = await db().event.findUniqueOrThrow({ where: { id: eventId } });
    expect(event).toMatchObject({ sourceId: source.id, method: "POST", query: "via=test", bodySize: Buffer.byteLength(body), status: "received", eventType: "ticket.created" });
    expect(Buffer.from(event.body).toString("utf8")).toBe(body);
    expect(event.payload).toEqual(JSON.parse(body));
    expect(event.headers).toMatchObject({ "x-custom": "yes", authorization: "[redacted]" });
  });

  it("keeps bodies of any content type raw, and marks JSON that does not parse", async () => {
    const source = await createTestSource();
    const xml = await accept(await receive({ key: source.key, request: webhookRequest(source.key, { body: "<ping>1</ping>", contentType: "application/xml" }) }));
    const broken = await accept(await receive({ key: source.key, request: webhookRequest(source.key, { body: '{"unterminated": ', contentType: "application/json" }) }));
    const xmlEvent = await db().event.findUniqueOrThrow({ where: { id: xml.eventId } });
    expect([Buffer.from(xmlEvent.body).toString(), xmlEvent.payload, xmlEvent.parseError]).toEqual(["<ping>1</ping>", null, null]);
    const brokenEvent = await db().event.findUniqueOrThrow({ where: { id: broken.eventId } });
    expect(Buffer.from(brokenEvent.body).toString()).toBe('{"unterminated": ');
    expect(brokenEvent.parseError).toMatch(/JSON/);
  });

  it("answers 404 for an unknown key, 410 for a disabled source, 405 for GET", async () => {
    expect((await receive({ key: "no-such-key", request: webhookRequest("no-such-key") })).status).toBe(404);
    const source = await createTestSource({ enabled: false });
    const disabled = await receive({ key: source.key, request: webhookRequest(source.key) });
    expect([disabled.status, ((await disabled.json()) as { error: { code: string } }).error.code]).toEqual([410, "source_disabled"]);
    // A provider still posting to a disabled source is worth seeing.
    expect(await rejections(source.id)).toMatchObject([{ status: 410, reason: "source_disabled" }]);
    const get = await receive({ key: source.key, request: new Request(`http://localhost/in/${source.key}`) });
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST, PUT, PATCH"]);
  });

  it("refuses a body over the source's limit with 413, stores nothing and records why", async () => {
    const source = await createTestSource({ bodyLimitBytes: 2048 });
    const response = await receive({ key: source.key, request: webhookRequest(source.key, { body: Buffer.alloc(2049, 97), contentType: "text/plain" }) });
    expect(response.status).toBe(413);
    expect(await db().event.count({ where: { sourceId: source.id } })).toBe(0);
    expect(await rejections(source.id)).toMatchObject([{ status: 413, reason: "payload_too_large" }]);
    await accept(await receive({ key: source.key, request: webhookRequest(source.key, { body: Buffer.alloc(2048, 97), contentType: "text/plain" }) }));
  });

  it("enforces the IP allowlist on the client's address (IPv4 and IPv4-mapped IPv6)", async () => {
    const source = await createTestSource({ ipAllowlist: ["198.51.100.0/24", "2001:db8::/32"] });
    const from = (address: string) => receive({ key: source.key, request: webhookRequest(source.key, { headers: { "x-forwarded-for": address } }) });
    expect((await from("203.0.113.5")).status).toBe(403);
    await accept(await from("198.51.100.7"));
    await accept(await from("::ffff:198.51.100.8"));
    await accept(await from("2001:db8::1"));
    expect(await rejections(source.id)).toMatchObject([{ status: 403, reason: "ip_not_allowed", remoteAddress: "203.0.113.5" }]);
  });
});

describe("receive: database failures", () => {
  it("answers 503 with Retry-After and leaves nothing half-written when the job cannot be enqueued", async () => {
    const source = await createTestSource();
    // A real failure inside the transaction, after the event row was inserted.
    await db().$executeRawUnsafe(`CREATE FUNCTION fail_job_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'queue unavailable'; END $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER fail_job_insert BEFORE INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION fail_job_insert()`);
    try {
      const response = await receive({ key: source.key, request: webhookRequest(source.key) });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("10");
      expect(await db().event.count({ where: { sourceId: source.id } })).toBe(0);
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER fail_job_insert ON pgboss.job`);
      await db().$executeRawUnsafe(`DROP FUNCTION fail_job_insert()`);
    }
    await accept(await receive({ key: source.key, request: webhookRequest(source.key) }));
  });

  it("answers 503 with Retry-After when the database is unreachable", async () => {
    const source = await createTestSource();
    const realUrl = process.env.DATABASE_URL;
    await stopSender();
    await disconnectDb();
    process.env.DATABASE_URL = "postgres://nobody:nothing@127.0.0.1:1/none";
    vi.resetModules();
    try {
      const fresh = await import("@/lib/pipeline/ingest/receive");
      const response = await fresh.receive({ key: source.key, request: webhookRequest(source.key) });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("10");
      expect(await response.json()).toMatchObject({ error: { code: "temporarily_unavailable" } });
    } finally {
      const { disconnectDb: disconnectFresh } = await import("@/lib/db");
      await disconnectFresh();
      process.env.DATABASE_URL = realUrl;
      vi.resetModules();
    }
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db";
import { checkDestinationUrl } from "@/lib/destinations/check-destination-url";
import { PermissionDeniedError } from "@/lib/access/permissions";
import { actorOf } from "@/lib/audit/actor";
import { createDestination } from "@/lib/destinations/create-destination";
import { revealDestinationHeaders } from "@/lib/destinations/reveal-destination-headers";
import { HIDDEN_HEADER_VALUE } from "@/lib/destinations/hidden-header-value";
import { HiddenHeaderError } from "@/lib/destinations/sealed-headers";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { getDestination } from "@/lib/destinations/get-destination";
import { getDestinationCircuit } from "@/lib/destinations/get-destination-circuit";
import { listDestinations } from "@/lib/destinations/list-destinations";
import { pauseDestination } from "@/lib/destinations/pause-destination";
import { requestProbe } from "@/lib/destinations/request-probe";
import { resumeDestination } from "@/lib/destinations/resume-destination";
import { rotateDestinationSecret } from "@/lib/destinations/rotate-destination-secret";
import { DestinationUrlRefusedError } from "@/lib/destinations/refuse-unreachable-url";
import { updateDestination } from "@/lib/destinations/update-destination";
import { stopSender } from "@/lib/queue";
import { standardWebhooks } from "@/lib/signatures/standard-webhooks";
import { createTestDelivery, createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestUser, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import { drainOffsetSeconds, drainPace, drainSeconds } from "@/lib/destinations/resume-drain";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

const MISSING = "00000000-0000-4000-8000-000000000000";

async function jobsFor(deliveryId: string) {
  return db().$queryRaw<Array<{ state: string; start_after: Date }>>`
    SELECT state::text AS state, start_after FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ${deliveryId}`;
}

describe("destinations", () => {
  it("keeps custom header values encrypted at rest, and saving the same values again changes nothing", async () => {
    const headers = { Authorization: "Bearer sk_live_topsecret", "X-Team": "ops" };
    const { destination } = await createDestination({ input: { name: uniqueName("dest"), url: "https://hooks.example.com/in", headers }, actor: TEST_ACTOR });
    const hidden = { Authorization: HIDDEN_HEADER_VALUE, "X-Team": HIDDEN_HEADER_VALUE };
    expect(destination.headers).toEqual(hidden);
    const [row] = await db().$queryRaw<Array<{ headers: string }>>`SELECT headers::text AS headers FROM destinations WHERE id = ${destination.id}::uuid`;
    expect(row!.headers).toContain("Authorization");
    expect(row!.headers).not.toContain("sk_live_topsecret");
    expect(row!.headers).not.toContain('"ops"');

    expect(await updateDestination({ id: destination.id, input: { headers }, actor: TEST_ACTOR })).toMatchObject({ headers: hidden });
    // What a view shows, sent back as it is (the settings form, an API client's GET then PATCH), keeps every value.
    expect(await updateDestination({ id: destination.id, input: { headers: hidden }, actor: TEST_ACTOR })).toMatchObject({ headers: hidden });
    expect(await db().auditLog.count({ where: { targetId: destination.id, action: "destination.updated" } })).toBe(0);
    expect(await revealDestinationHeaders({ id: destination.id, actor: TEST_ACTOR })).toEqual(headers);
    await updateDestination({ id: destination.id, input: { headers: { ...headers, "X-Team": "billing" } }, actor: TEST_ACTOR });
    const [audit] = await db().auditLog.findMany({ where: { targetId: destination.id, action: "destination.updated" } });
    expect(audit?.details).toEqual({ fields: ["headers"], changes: { headers: { added: [], removed: [], changed: ["X-Team"] } } });
    expect(JSON.stringify(audit)).not.toContain("billing");
    expect(await revealDestinationHeaders({ id: destination.id, actor: TEST_ACTOR })).toEqual({ ...headers, "X-Team": "billing" });
    // A hidden value with nothing stored under its name is refused rather than sent as bullets.
    await expect(updateDestination({ id: destination.id, input: { headers: { "X-New": HIDDEN_HEADER_VALUE } }, actor: TEST_ACTOR })).rejects.toBeInstanceOf(HiddenHeaderError);
    await expect(createDestination({ input: { name: uniqueName("dest"), url: "https://hooks.example.com/in", headers: hidden }, actor: TEST_ACTOR })).rejects.toBeInstanceOf(HiddenHeaderError);
  });

  it("reveals header values only on purpose: to an administrator, recorded in the audit log with the names only", async () => {
    const admin = await createTestUser({ role: "admin" });
    const member = await createTestUser({ role: "operator" });
    const { destination } = await createDestination({ input: { name: uniqueName("dest"), url: "https://hooks.example.com/in", headers: { "X-Auth": "s3cret" } }, actor: TEST_ACTOR });
    expect(await getDestination({ id: destination.id })).toMatchObject({ headers: { "X-Auth": HIDDEN_HEADER_VALUE } });
    expect(JSON.stringify(await listDestinations())).not.toContain("s3cret");

    await expect(revealDestinationHeaders({ id: destination.id, actor: actorOf(member) })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await revealDestinationHeaders({ id: destination.id, actor: actorOf(admin) })).toEqual({ "X-Auth": "s3cret" });
    const reveals = await db().auditLog.findMany({ where: { targetId: destination.id, action: "destination_headers.revealed" } });
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ actorId: admin.id, details: { headers: ["X-Auth"] } });
    expect(JSON.stringify(reveals)).not.toContain("s3cret");
    expect(await revealDestinationHeaders({ id: MISSING, actor: actorOf(admin) })).toBeNull();
  });

  it("lets only an administrator open private networks to a destination, or point an open one elsewhere, and records each decision", async () => {
    const admin = actorOf(await createTestUser({ role: "admin" }));
    const member = actorOf(await createTestUser({ role: "operator" }));
    const input = { name: uniqueName("dest"), url: "http://10.1.2.3/hook", allowPrivateNetwork: true };
    await expect(createDestination({ input, actor: member })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await db().destination.count({ where: { name: input.name } })).toBe(0);

    const { destination } = await createDestination({ input, actor: admin });
    const decisions = () =>
      db().auditLog.findMany({ where: { targetId: destination.id, action: { startsWith: "destination.private_network" } }, orderBy: { at: "asc" }, select: { action: true, actorId: true, details: true } });
    expect(await decisions()).toEqual([{ action: "destination.private_network_allowed", actorId: admin.id, details: { url: "http://10.1.2.3/hook" } }]);

    // A member may change other settings of it, but not where it points.
    expect(await updateDestination({ id: destination.id, input: { timeoutMs: 5000 }, actor: member })).toMatchObject({ timeoutMs: 5000 });
    await expect(updateDestination({ id: destination.id, input: { url: "http://10.9.9.9:6379/" }, actor: member })).rejects.toBeInstanceOf(PermissionDeniedError);
    await updateDestination({ id: destination.id, input: { url: "http://10.1.2.4/hook" }, actor: admin });
    // Closing alone would leave a private address it can never reach: not saved, whoever asks.
    await expect(updateDestination({ id: destination.id, input: { allowPrivateNetwork: false }, actor: admin })).rejects.toBeInstanceOf(DestinationUrlRefusedError);
    // Closing (pointed at a public address) is anyone's to do; opening again is not.
    await updateDestination({ id: destination.id, input: { url: "http://93.184.215.14/hook", allowPrivateNetwork: false }, actor: member });
    await expect(updateDestination({ id: destination.id, input: { allowPrivateNetwork: true }, actor: member })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await getDestination({ id: destination.id })).toMatchObject({ url: "http://93.184.215.14/hook", allowPrivateNetwork: false });
    expect(await decisions()).toEqual([
      { action: "destination.private_network_allowed", actorId: admin.id, details: { url: "http://10.1.2.3/hook" } },
      { action: "destination.private_network_allowed", actorId: admin.id, details: { url: "http://10.1.2.4/hook" } },
      { action: "destination.private_network_disallowed", actorId: member.id, details: {} },
    ]);
  });

  it("creates a destination with a whsec_ secret shown once and stored encrypted, masked in the view", async () => {
    const { destination, secret } = await createDestination({ input: { name: uniqueName("dest"), url: "https://hooks.example.com/in", headers: { "X-Team": "ops" } }, actor: TEST_ACTOR });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(standardWebhooks.checkSecret(secret)).toBeNull();
    expect(destination).toMatchObject({
      url: "https://hooks.example.com/in",
      headers: { "X-Team": HIDDEN_HEADER_VALUE },
      timeoutMs: 15000,
      retrySchedule: [5, 300, 1800, 7200, 18000, 36000, 36000],
      maxConcurrency: 10,
      rateLimitPerSecond: null,
      allowPrivateNetwork: false,
      state: "active",
      pausedReason: null,
      pauseCause: null,
      consecutiveFailures: 0,
      circuit: { state: "closed", failingSince: null, openedAt: null, nextProbeAt: null, probesFailed: 0 },
      secrets: [{ hint: `whsec_…${secret.slice(-4)}`, expiresAt: null, active: true }],
    });
    expect(JSON.stringify(destination)).not.toContain(secret);
    const stored = await db().destinationSecret.findFirstOrThrow({ where: { destinationId: destination.id } });
    expect(stored.encrypted).not.toContain(secret.slice(6));
    expect(decryptSecret(stored.encrypted)).toBe(secret);
    expect(await getDestination({ id: destination.id })).toEqual(destination);
  });

  it("refuses invalid input without writing anything", async () => {
    await expect(createDestination({ input: { name: "x", url: "https://u:p@example.com" }, actor: TEST_ACTOR })).rejects.toThrow(/credentials/);
    await expect(createDestination({ input: { name: "x", url: "https://example.com", headers: { Host: "evil" } }, actor: TEST_ACTOR })).rejects.toThrow(/cannot be set/);
  });

  it("updates settings, and answers null for unknown ids", async () => {
    const destination = await createTestDestination({ url: "https://example.com/a" });
    const updated = await updateDestination({ id: destination.id, input: { url: "https://example.com/b", maxConcurrency: 1, rateLimitPerSecond: 5, headers: {} }, actor: TEST_ACTOR });
    expect(updated).toMatchObject({ url: "https://example.com/b", maxConcurrency: 1, rateLimitPerSecond: 5, headers: {}, name: destination.name });
    expect(await updateDestination({ id: MISSING, input: { name: "x" }, actor: TEST_ACTOR })).toBeNull();
    expect(await updateDestination({ id: "not-a-uuid", input: { name: "x" }, actor: TEST_ACTOR })).toBeNull();
    expect(await getDestination({ id: MISSING })).toBeNull();
  });

  it("rotates the secret: the old one stays active for the overlap, both listed masked", async () => {
    const destination = await createTestDestination({ url: "https://example.com" });
    const before = Date.now();
    const rotated = await rotateDestinationSecret({ id: destination.id, input: { overlapHours: 2 }, actor: TEST_ACTOR });
    expect(rotated!.secret).toMatch(/^whsec_/);
    const view = (await getDestination({ id: destination.id }))!;
    expect(view.secrets).toHaveLength(2);
    const [newest, oldest] = view.secrets;
    expect(newest).toMatchObject({ id: rotated!.secretId, expiresAt: null, active: true });
    expect(oldest).toMatchObject({ id: destination.secrets[0]!.id, active: true });
    const expiry = new Date(oldest!.expiresAt!).getTime();
    expect(expiry - before).toBeGreaterThanOrEqual(2 * 3600_000 - 1000);
    expect(expiry - before).toBeLessThanOrEqual(2 * 3600_000 + 5000);

    // Zero overlap retires the current secrets at once; a given secret is used as is.
    const given = standardWebhooks.generateSecret();
    const again = await rotateDestinationSecret({ id: destination.id, input: { overlapHours: 0, secret: given }, actor: TEST_ACTOR });
    expect(again!.secret).toBe(given);
    const after = (await getDestination({ id: destination.id }))!;
    expect(after.secrets.filter((secret) => secret.active).map((secret) => secret.id)).toEqual([again!.secretId]);
    expect(await rotateDestinationSecret({ id: MISSING, actor: TEST_ACTOR })).toBeNull();
  });

  it("pauses with a reason, and resuming re-enqueues every waiting delivery, not before it is due", async () => {
    const destination = await createTestDestination({ url: "https://example.com" });
    const paused = await pauseDestination({ id: destination.id, input: { reason: "maintenance window" }, actor: TEST_ACTOR });
    expect(paused).toMatchObject({ state: "paused", pausedReason: "maintenance window", pauseCause: "operator" });
    expect(paused!.pausedAt).not.toBeNull();

    const pending = await createTestDelivery({ destinationId: destination.id });
    const retrying = await createTestDelivery({ destinationId: destination.id });
    const later = new Date(Date.now() + 60_000);
    await db().delivery.update({ where: { id: retrying.id }, data: { status: "retrying", attempts: 1, nextAttemptAt: later } });
    const done = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: done.id }, data: { status: "succeeded" } });

    const resumed = await resumeDestination({ id: destination.id, actor: TEST_ACTOR });
    expect(resumed).toMatchObject({ requeued: 2, destination: { state: "active", pausedReason: null, pausedAt: null, pauseCause: null } });
    expect((await jobsFor(pending.id)).map((job) => job.state)).toEqual(["created"]);
    expect((await jobsFor(retrying.id))[0]!.start_after.getTime()).toBe(later.getTime());
    expect(await jobsFor(done.id)).toEqual([]);

    // Resuming an active destination changes nothing and enqueues nothing.
    expect(await resumeDestination({ id: destination.id, actor: TEST_ACTOR })).toMatchObject({ requeued: 0 });
    expect(await jobsFor(pending.id)).toHaveLength(1);
  });

  it("resuming drains gradually: oldest first, spaced by the drain rate, never before a delivery is due", async () => {
    const destination = await createTestDestination({ url: "https://example.com" });
    await db().destination.update({ where: { id: destination.id }, data: { consecutiveFailures: 3, failingSince: new Date() } });
    await pauseDestination({ id: destination.id, actor: TEST_ACTOR });
    const deliveries = [];
    for (let index = 0; index < 10; index += 1) deliveries.push(await createTestDelivery({ destinationId: destination.id }));
    // Oldest first by creation, whatever the insertion order looks like on disk.
    await Promise.all(deliveries.map((delivery, index) => db().delivery.update({ where: { id: delivery.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) } })));
    // The fourth was already retrying, due in an hour: it keeps its time.
    const later = new Date(Date.now() + 3600_000);
    await db().delivery.update({ where: { id: deliveries[3]!.id }, data: { status: "retrying", attempts: 1, nextAttemptAt: later } });

    const resumed = await resumeDestination({ id: destination.id, actor: TEST_ACTOR });
    // The failures in a row are the endpoint's: resuming leaves them to the next attempt to reset.
    expect(resumed).toMatchObject({ requeued: 10, drainSeconds: drainSeconds(10, drainPace(null)), circuitOpen: false, destination: { state: "active", consecutiveFailures: 3, circuit: { state: "closed" } } });

    const rows = await db().delivery.findMany({ where: { destinationId: destination.id }, orderBy: { createdAt: "asc" } });
    const due = rows.map((row) => row.nextAttemptAt!.getTime());
    const first = due[0]!;
    // Without a rate limit, the slow start: the k-th at first + drainOffsetSeconds(k) (to the
    // millisecond the database rounds to); the one due later keeps its time.
    expect(due[3]).toBe(later.getTime());
    const offsets = due.map((time) => time - first).filter((_, k) => k !== 3);
    const expected = [0, 1, 2, 4, 5, 6, 7, 8, 9].map((k) => drainOffsetSeconds(k, drainPace(null)) * 1000);
    offsets.forEach((offset, index) => expect(Math.abs(offset - expected[index]!)).toBeLessThanOrEqual(1));
    expect(expected[1]).toBeGreaterThan(190); // about 5 a second at first
    for (const row of rows) expect((await jobsFor(row.id)).map((job) => job.start_after.getTime())).toEqual([row.nextAttemptAt!.getTime()]);

    // With a rate limit, that is the drain rate: 4 a second, 250 ms apart.
    const limited = await createTestDestination({ url: "https://example.com", rateLimitPerSecond: 4 });
    await pauseDestination({ id: limited.id, actor: TEST_ACTOR });
    for (let index = 0; index < 3; index += 1) {
      const delivery = await createTestDelivery({ destinationId: limited.id });
      await db().delivery.update({ where: { id: delivery.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) } });
    }
    expect(await resumeDestination({ id: limited.id, actor: TEST_ACTOR })).toMatchObject({ requeued: 3, drainSeconds: 0.75 });
    const limitedDue = (await db().delivery.findMany({ where: { destinationId: limited.id }, orderBy: { createdAt: "asc" } })).map((row) => row.nextAttemptAt!.getTime());
    expect(limitedDue.map((time) => time - limitedDue[0]!)).toEqual([0, 250, 500]);
  });

  it("Probe now: an open circuit's next probe is due at once, audited; a closed circuit or a paused destination has none", async () => {
    const destination = await createTestDestination({ url: "https://example.com/probe-now" });
    expect(await requestProbe({ id: destination.id, actor: TEST_ACTOR })).toEqual({ ok: false, code: "circuit_not_open" });
    expect(await requestProbe({ id: MISSING, actor: TEST_ACTOR })).toEqual({ ok: false, code: "destination_not_found" });
    expect(await requestProbe({ id: "nope", actor: TEST_ACTOR })).toEqual({ ok: false, code: "destination_not_found" });

    const later = new Date(Date.now() + 60_000);
    await db().destination.update({ where: { id: destination.id }, data: { circuitState: "open", circuitOpenedAt: new Date(), circuitNextProbeAt: later, consecutiveFailures: 12 } });
    const requested = await requestProbe({ id: destination.id, actor: TEST_ACTOR });
    expect(requested).toMatchObject({ ok: true, destination: { circuit: { state: "open" } } });
    const row = await db().destination.findUniqueOrThrow({ where: { id: destination.id } });
    expect(row.circuitNextProbeAt!.getTime()).toBeLessThan(later.getTime());
    const jobs = await db().$queryRaw<Array<{ start_after: Date }>>`SELECT start_after FROM pgboss.job WHERE name = 'probe-destination' AND data->>'destinationId' = ${destination.id}`;
    expect(jobs).toHaveLength(1);
    expect(await db().auditLog.findMany({ where: { targetId: destination.id, action: "destination.probe_requested" } })).toMatchObject([{ actorLabel: "test", targetName: destination.name }]);

    await pauseDestination({ id: destination.id, actor: TEST_ACTOR });
    expect(await requestProbe({ id: destination.id, actor: TEST_ACTOR })).toEqual({ ok: false, code: "destination_paused" });
  });

  it("reads a destination's circuit with this instance's thresholds and its history, newest first", async () => {
    const destination = await createTestDestination({ url: "https://example.com/circuit" });
    const openedAt = new Date(Date.now() - 60_000);
    await db().destination.update({ where: { id: destination.id }, data: { circuitState: "open", circuitOpenedAt: openedAt, circuitNextProbeAt: new Date(openedAt.getTime() + 30_000), circuitProbesFailed: 1, consecutiveFailures: 14, failingSince: new Date(openedAt.getTime() - 61_000) } });
    await db().destinationCircuitEvent.create({ data: { destinationId: destination.id, at: openedAt, fromState: "closed", toState: "open", reason: "failing for 61 s, 13 attempts in a row (last: HTTP 502)" } });
    await db().destinationCircuitEvent.create({ data: { destinationId: destination.id, at: new Date(openedAt.getTime() + 10_000), fromState: "open", toState: "open", reason: "probe failed: HTTP 502; next probe in 20 s" } });
    expect(await getDestinationCircuit({ id: destination.id })).toEqual({
      state: "open",
      failingSince: new Date(openedAt.getTime() - 61_000).toISOString(),
      openedAt: openedAt.toISOString(),
      nextProbeAt: new Date(openedAt.getTime() + 30_000).toISOString(),
      probesFailed: 1,
      consecutiveFailures: 14,
      policy: { openAfterSeconds: 60, minFailures: 10, probeIntervalsSeconds: [10, 20, 40, 60] },
      history: [
        { at: new Date(openedAt.getTime() + 10_000).toISOString(), from: "open", to: "open", reason: "probe failed: HTTP 502; next probe in 20 s" },
        { at: openedAt.toISOString(), from: "closed", to: "open", reason: "failing for 61 s, 13 attempts in a row (last: HTTP 502)" },
      ],
    });
    expect(await getDestinationCircuit({ id: MISSING })).toBeNull();
  });

  it("lists destinations with their backlog and 24-hour outcomes", async () => {
    const destination = await createTestDestination({ url: "https://example.com/list" });
    await createTestDelivery({ destinationId: destination.id });
    const ok = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: ok.id }, data: { status: "succeeded" } });
    const bad = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: bad.id }, data: { status: "failed" } });
    const row = (await listDestinations()).find((summary) => summary.id === destination.id);
    expect(row).toMatchObject({ name: destination.name, url: "https://example.com/list", state: "active", backlog: 1, succeededLast24h: 1, failedLast24h: 1, circuit: { state: "closed", nextProbeAt: null } });
  });

  it("deletes a destination with its deliveries", async () => {
    const destination = await createTestDestination({ url: "https://example.com" });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await deleteDestination({ id: destination.id, actor: TEST_ACTOR })).toEqual({ deleted: true, deletedDeliveries: 1 });
    expect(await db().delivery.findUnique({ where: { id: delivery.id } })).toBeNull();
    expect(await deleteDestination({ id: destination.id, actor: TEST_ACTOR })).toEqual({ deleted: false, deletedDeliveries: 0 });
  });
});

describe("checkDestinationUrl", () => {
  it("warns early about private addresses unless the destination allows them", async () => {
    const blocked = await checkDestinationUrl({ url: "http://127.0.0.1:8080/hook" });
    expect(blocked).toMatchObject({ ok: false, kind: "blocked_address", address: "127.0.0.1" });
    expect(await checkDestinationUrl({ url: "http://127.0.0.1:8080/hook", allowPrivateNetwork: true })).toMatchObject({ ok: true, addresses: ["127.0.0.1"] });
  });

  it("resolves names and checks every address", async () => {
    const lookup = (hostname: string) =>
      Promise.resolve(hostname === "hooks.internal.test" ? [{ address: "10.2.3.4", family: 4 as const }] : [{ address: "93.184.216.34", family: 4 as const }]);
    expect(await checkDestinationUrl({ url: "https://hooks.internal.test/x", lookup })).toMatchObject({ ok: false, kind: "blocked_address" });
    expect(await checkDestinationUrl({ url: "https://public.example/x", lookup })).toMatchObject({ ok: true, addresses: ["93.184.216.34"] });
  });

  it("never opens cloud metadata, and reports bad URLs", async () => {
    expect(await checkDestinationUrl({ url: "http://169.254.169.254/latest", allowPrivateNetwork: true })).toMatchObject({ ok: false, kind: "blocked_address" });
    expect(await checkDestinationUrl({ url: "gopher://example.com" })).toMatchObject({ ok: false, kind: "invalid_url" });
  });
});

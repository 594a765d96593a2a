// Every audited mutation writes its row with the actor, in the change's own transaction.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { registerBootstrapToken } from "@/lib/api-tokens/register-bootstrap-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { actorOf, SYSTEM_ACTOR, type Actor } from "@/lib/audit/actor";
import { AuditCursorError, listAuditLog } from "@/lib/audit/list-audit-log";
import { recordAudit, recordAuditOnPg } from "@/lib/audit/record-audit";
import { cancelBulkOperation } from "@/lib/bulk-operations/cancel-bulk-operation";
import { lockKey } from "@/lib/bulk-operations/run-bulk-operation-batch";
import { startBulkOperation } from "@/lib/bulk-operations/start-bulk-operation";
import { db, disconnectDb, withTransaction } from "@/lib/db";
import { cancelDelivery } from "@/lib/deliveries/cancel-delivery";
import { retryDelivery } from "@/lib/deliveries/retry-delivery";
import { createDestination } from "@/lib/destinations/create-destination";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { pauseDestination } from "@/lib/destinations/pause-destination";
import { resumeDestination } from "@/lib/destinations/resume-destination";
import { rotateDestinationSecret } from "@/lib/destinations/rotate-destination-secret";
import { updateDestination } from "@/lib/destinations/update-destination";
import { newReplayToken, replayEvent } from "@/lib/events/replay-event";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { stopSender } from "@/lib/queue";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";
import { createRule } from "@/lib/rules/create-rule";
import { deleteRule } from "@/lib/rules/delete-rule";
import { reorderRules } from "@/lib/rules/reorder-rules";
import { rollbackRule } from "@/lib/rules/rollback-rule";
import type { RuleInput } from "@/lib/rules/rule-input";
import { updateRule } from "@/lib/rules/update-rule";
import { createSource } from "@/lib/sources/create-source";
import { deleteSource } from "@/lib/sources/delete-source";
import { revealSourceSecret } from "@/lib/sources/reveal-source-secret";
import { rotateSourceSecret } from "@/lib/sources/rotate-source-secret";
import { SourceSettingsError, updateSource } from "@/lib/sources/update-source";
import { createTestDelivery, createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestSource, createTestUser, uniqueName } from "@/lib/testing/factories";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

async function operator(): Promise<Actor> {
  return actorOf(await createTestUser({ role: "admin" }));
}

/** The audit rows about one target, oldest first. */
async function rowsFor(targetId: string) {
  return db().auditLog.findMany({ where: { targetId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}

const rule: RuleInput = {
  name: "Urgent",
  enabled: true,
  conditions: { combinator: "and", rules: [{ field: "body.priority", operator: "=", value: "high" }] },
  actions: [{ type: "addTags", tags: ["urgent"] }],
};

/** A delivery of a "ticket.created" event, in the given state (the engine is not needed). */
async function deliveryIn(status: DeliveryStatus, destinationId?: string) {
  const destination = destinationId
    ? await db().destination.findUniqueOrThrow({ where: { id: destinationId } })
    : await createTestDestination({ url: "http://127.0.0.1:9/audit", retrySchedule: [] });
  const created = await createTestDelivery({ destinationId: destination.id });
  const event = await db().event.update({ where: { id: created.eventId }, data: { eventType: "ticket.created" } });
  const delivery = await db().delivery.update({
    where: { id: created.id },
    data: { status, attempts: status === "pending" ? 0 : 1 },
  });
  return { delivery, destination, event };
}

describe("the audit log", () => {
  it("records a source's life with its actor: created, secret revealed and rotated, disabled, updated, deleted", async () => {
    const actor = await operator();
    const name = uniqueName("github");
    const { source, secret } = await createSource({ input: { name, scheme: "github" }, actor });
    const secretId = source.secrets[0]!.id;
    expect(await revealSourceSecret({ sourceId: source.id, secretId, actor })).toBe(secret);
    const rotated = await rotateSourceSecret({ id: source.id, input: { overlapHours: 1 }, actor });
    await updateSource({
      id: source.id,
      input: { enabled: false, name: `${name} (old)`, toleranceSeconds: source.toleranceSeconds },
      actor,
    });
    // Saving the form unchanged changes nothing, and records nothing.
    await updateSource({ id: source.id, input: { name: `${name} (old)` }, actor });
    expect(await deleteSource({ id: source.id, actor })).toEqual({ deleted: true, deletedEvents: 0 });

    const rows = await rowsFor(source.id);
    expect(rows.map((row) => row.action)).toEqual([
      "source.created",
      "source_secret.revealed",
      "source_secret.rotated",
      "source.disabled",
      "source.updated",
      "source.deleted",
    ]);
    for (const row of rows)
      expect(row).toMatchObject({ actorId: actor.id, actorLabel: actor.label, targetType: "source" });
    expect(rows[0]).toMatchObject({ targetName: name, details: { scheme: "github", secretGenerated: true, awaitingProviderSecret: false } });
    expect(rows[1]!.details).toEqual({ secretId, hint: source.secrets[0]!.hint });
    expect(rows[2]!.details).toMatchObject({ secretId: rotated!.secretId, generated: true, overlapHours: 1 });
    // What changed, from what to what.
    expect(rows[4]!.details).toEqual({ fields: ["name"], changes: { name: { from: name, to: `${name} (old)` } } });
    expect(rows[5]).toMatchObject({ targetName: `${name} (old)`, details: { deletedEvents: 0 } });
    // No secret ever lands in the log.
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(secret!);
    expect(stored).not.toContain(rotated!.secret);
  });

  it("records nothing when the change fails or finds nothing", async () => {
    const actor = await operator();
    const source = await createTestSource({ dedupeStrategy: "header", dedupeField: "X-Id" });
    const before = (await rowsFor(source.id)).length;
    // Refused by a check inside the transaction, against the stored settings.
    await expect(updateSource({ id: source.id, input: { dedupeField: null }, actor })).rejects.toBeInstanceOf(
      SourceSettingsError,
    );
    await expect(
      createRule({
        sourceId: source.id,
        input: { ...rule, actions: [{ type: "forward", destinationIds: [randomUUID()] }] },
        actor,
      }),
    ).rejects.toBeInstanceOf(RuleValidationError);
    expect(await revealSourceSecret({ sourceId: source.id, secretId: randomUUID(), actor })).toBeNull();
    expect(await deleteSource({ id: randomUUID(), actor })).toEqual({ deleted: false, deletedEvents: 0 });
    expect((await rowsFor(source.id)).length).toBe(before);
    expect(await db().auditLog.count({ where: { actorId: actor.id } })).toBe(0);
  });

  it("makes no change it cannot record: a failing audit write rolls the change back", async () => {
    const broken: Actor = { id: "not-a-uuid", label: "broken" };
    const name = uniqueName("unrecorded");
    await expect(createSource({ input: { name }, actor: broken })).rejects.toThrow();
    expect(await db().source.count({ where: { name } })).toBe(0);
    const source = await createTestSource({ scheme: "stripe" });
    await expect(deleteSource({ id: source.id, actor: broken })).rejects.toThrow();
    expect(await db().source.count({ where: { id: source.id } })).toBe(1);
    // Nor is a secret shown without its record.
    await expect(
      revealSourceSecret({ sourceId: source.id, secretId: source.secrets[0]!.id, actor: broken }),
    ).rejects.toThrow();
    // Nor a delivery retried, nor an event replayed.
    const { delivery } = await deliveryIn("failed");
    await expect(retryDelivery({ id: delivery.id, actor: broken })).rejects.toThrow();
    expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "failed" });
    const token = newReplayToken();
    await expect(replayEvent({ eventId: delivery.eventId, token, actor: broken })).rejects.toThrow();
    expect(await db().$queryRaw`SELECT 1 FROM pgboss.job WHERE data->>'runKey' = ${`replay:${token}`}`).toEqual([]);
  });

  it("records rules: created, updated with the fields changed, reordered, rolled back, deleted", async () => {
    const actor = await operator();
    const source = await createTestSource();
    const first = await createRule({ sourceId: source.id, input: rule, actor });
    const second = await createRule({ sourceId: source.id, input: { ...rule, name: "Second" }, actor });
    await updateRule({ ruleId: first!.id, input: { ...rule, enabled: false }, actor });
    await updateRule({ ruleId: first!.id, input: { ...rule, enabled: false }, actor }); // no change: no version, no row
    await reorderRules({ sourceId: source.id, ruleIds: [second!.id, first!.id], actor });
    await reorderRules({ sourceId: source.id, ruleIds: [second!.id, first!.id], actor }); // same order: nothing
    await rollbackRule({ ruleId: first!.id, version: 1, actor });
    await deleteRule({ ruleId: first!.id, actor });

    expect((await rowsFor(first!.id)).map((row) => [row.action, row.details])).toEqual([
      ["rule.created", { sourceId: source.id, version: 1 }],
      ["rule.updated", { sourceId: source.id, version: 2, fields: ["enabled"], changes: { enabled: { from: true, to: false } } }],
      ["rule.rolled_back", { sourceId: source.id, version: 3, fields: ["enabled"], changes: { enabled: { from: false, to: true } }, restoredVersion: 1 }],
      ["rule.deleted", { sourceId: source.id, version: 3 }],
    ]);
    expect(
      (await rowsFor(source.id)).filter((row) => row.action === "rule.reordered").map((row) => row.details),
    ).toEqual([{ rules: 2, moved: 2 }]);
    // The version history keeps the author too.
    expect(await db().ruleVersion.findFirst({ where: { ruleId: second!.id } })).toMatchObject({
      createdById: actor.id,
    });
  });

  it("records destinations: created, updated, paused, resumed, secret rotated, deleted", async () => {
    const actor = await operator();
    const { destination, secret } = await createDestination({
      input: { name: uniqueName("dest"), url: "https://example.com/a", headers: { Authorization: "Bearer s3cret" } },
      actor,
    });
    await updateDestination({
      id: destination.id,
      input: {
        url: "https://example.com/b",
        headers: { Authorization: "Bearer n3w" },
        maxConcurrency: destination.maxConcurrency,
      },
      actor,
    });
    await pauseDestination({ id: destination.id, input: { reason: "maintenance" }, actor });
    await pauseDestination({ id: destination.id, input: { reason: "again" }, actor }); // already paused: nothing
    await resumeDestination({ id: destination.id, actor });
    const rotated = await rotateDestinationSecret({ id: destination.id, actor });
    await deleteDestination({ id: destination.id, actor });

    const rows = await rowsFor(destination.id);
    expect(rows.map((row) => [row.action, row.details])).toEqual([
      ["destination.created", {}],
      // Header names only: their values may be credentials.
      [
        "destination.updated",
        {
          fields: ["url", "headers"],
          changes: { url: { from: "https://example.com/a", to: "https://example.com/b" }, headers: { added: [], removed: [], changed: ["Authorization"] } },
        },
      ],
      ["destination.paused", { reason: "maintenance" }],
      ["destination.resumed", { requeued: 0 }],
      [
        "destination_secret.rotated",
        { secretId: rotated!.secretId, hint: expect.any(String) as unknown, generated: true, overlapHours: 24 },
      ],
      ["destination.deleted", { deletedDeliveries: 0 }],
    ]);
    const stored = JSON.stringify(rows);
    for (const value of [secret, rotated!.secret, "s3cret", "n3w"]) expect(stored).not.toContain(value);
  });

  it("records API tokens created and revoked, and the bootstrap token as created by the system", async () => {
    const user = await createTestUser({ role: "admin" });
    const actor = actorOf(user);
    const { token, view } = await createApiToken({ userId: user.id, name: "deploys", actor });
    await revokeApiToken({ id: view.id, userId: user.id, actor });
    await revokeApiToken({ id: view.id, userId: user.id, actor }); // already revoked: nothing
    const rows = await rowsFor(view.id);
    expect(rows.map((row) => [row.action, row.targetType, row.targetName, row.actorLabel])).toEqual([
      ["api_token.created", "api_token", "deploys", user.email],
      ["api_token.revoked", "api_token", "deploys", user.email],
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);

    const bootstrap = `swy_bootstrap_${randomUUID().replaceAll("-", "")}`;
    expect(await registerBootstrapToken({ token: bootstrap })).toBe("registered");
    const row = await db().auditLog.findFirstOrThrow({
      where: { action: "api_token.created", actorId: null },
      orderBy: { at: "desc" },
    });
    expect(row).toMatchObject({ actorLabel: SYSTEM_ACTOR.label, targetType: "api_token" });
  });

  it("records a delivery retried and cancelled, once each, and nothing for a refused retry or cancel", async () => {
    const actor = await operator();
    const { delivery, destination } = await deliveryIn("failed");
    const name = `ticket.created → ${destination.name}`;
    expect(await retryDelivery({ id: delivery.id, actor })).toMatchObject({
      ok: true,
      delivery: { status: "retrying" },
    });
    expect(await cancelDelivery({ id: delivery.id, actor })).toMatchObject({ ok: true });
    // Refused: cancelled already; succeeded; and unknown ids.
    expect(await cancelDelivery({ id: delivery.id, actor })).toMatchObject({ code: "delivery_not_cancellable" });
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "succeeded" } });
    expect(await retryDelivery({ id: delivery.id, actor })).toMatchObject({ code: "delivery_already_succeeded" });
    const pending = await deliveryIn("pending", destination.id);
    expect(await retryDelivery({ id: pending.delivery.id, actor })).toMatchObject({ code: "delivery_already_pending" });
    expect(await retryDelivery({ id: randomUUID(), actor })).toMatchObject({ code: "delivery_not_found" });
    expect(await cancelDelivery({ id: randomUUID(), actor })).toMatchObject({ code: "delivery_not_found" });

    const rows = await rowsFor(delivery.id);
    expect(rows.map((row) => [row.action, row.details])).toEqual([
      ["delivery.retried", { eventId: delivery.eventId, previousStatus: "failed" }],
      ["delivery.cancelled", { eventId: delivery.eventId, previousStatus: "retrying" }],
    ]);
    for (const row of rows)
      expect(row).toMatchObject({
        actorId: actor.id,
        actorLabel: actor.label,
        targetType: "delivery",
        targetName: name,
      });
    expect(await db().auditLog.count({ where: { actorId: actor.id } })).toBe(2);

    // The list links a delivery to its event's page.
    const listed = await listAuditLog({ limit: 1, targetType: "delivery" });
    expect(listed.entries[0]!.target).toMatchObject({ id: delivery.id, exists: true, eventId: delivery.eventId });
  });

  it("records a replay once per token, and nothing for an unknown event", async () => {
    const actor = await operator();
    const { event } = await deliveryIn("succeeded");
    const source = await db().source.findUniqueOrThrow({ where: { id: event.sourceId } });
    const token = newReplayToken();
    expect(await replayEvent({ eventId: event.id, token, actor })).toBe("queued");
    expect(await replayEvent({ eventId: event.id, token, actor })).toBe("already_queued");
    expect(await replayEvent({ eventId: randomUUID(), token: newReplayToken(), actor })).toBe("missing");

    const rows = await rowsFor(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "event.replayed",
      actorId: actor.id,
      actorLabel: actor.label,
      targetType: "event",
      targetName: `ticket.created from ${source.name}`,
      details: { sourceId: source.id },
    });
    expect(await db().auditLog.count({ where: { actorId: actor.id } })).toBe(1);
  });

  it("records a bulk operation started with its filter and cancelled, but not a refused or repeated cancel", async () => {
    const actor = await operator();
    const { destination } = await deliveryIn("failed");
    await deliveryIn("failed", destination.id);
    // An invalid filter starts nothing and records nothing.
    expect(await startBulkOperation({ kind: "retry", filter: { status: "succeeded" }, actor })).toMatchObject({
      ok: false,
    });
    const started = await startBulkOperation({ kind: "retry", filter: { destination: destination.id }, actor });
    if (!started.ok) throw new Error(started.message);
    const { id } = started.operation;
    expect(await cancelBulkOperation({ id, actor })).toMatchObject({ ok: true, operation: { status: "cancelled" } });
    expect(await cancelBulkOperation({ id, actor })).toMatchObject({ ok: true }); // already cancelled: nothing
    expect(await cancelBulkOperation({ id: randomUUID(), actor })).toMatchObject({ ok: false });

    const rows = await rowsFor(id);
    expect(rows.map((row) => [row.action, row.targetType, row.targetName, row.details])).toEqual([
      [
        "bulk_operation.started",
        "bulk_operation",
        "Bulk retry",
        { kind: "retry", total: 2, filter: { destination: destination.id, status: "failed" } },
      ],
      ["bulk_operation.cancelled", "bulk_operation", "Bulk retry", { kind: "retry", processed: 0, total: 2 }],
    ]);
    for (const row of rows) expect(row).toMatchObject({ actorId: actor.id, actorLabel: actor.label });

    // During a batch: the cancel is requested (and recorded) once, however often it is asked for.
    const other = await startBulkOperation({ kind: "retry", filter: { destination: destination.id }, actor });
    if (!other.ok) throw new Error(other.message);
    await withTransaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKey(other.operation.id)]);
      for (let i = 0; i < 2; i += 1)
        expect(await cancelBulkOperation({ id: other.operation.id, actor })).toMatchObject({
          ok: true,
          operation: { status: "running", cancelRequested: true },
        });
    });
    expect((await rowsFor(other.operation.id)).map((row) => row.action)).toEqual([
      "bulk_operation.started",
      "bulk_operation.cancelled",
    ]);
    expect(await db().auditLog.count({ where: { actorId: actor.id } })).toBe(4);

    // The list links it to the page that shows its progress.
    const listed = await listAuditLog({ limit: 1, targetType: "bulk_operation" });
    expect(listed.entries[0]!.target).toMatchObject({ id: other.operation.id, exists: true, bulkKind: "retry" });
  });

  it("keeps the order entries were made in when they share a timestamp (one transaction), on pg and on Prisma", async () => {
    const actor = await operator();
    const targetId = randomUUID();
    const made = Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? "source.updated" : "source.disabled"));
    await withTransaction(async (client) => {
      for (const action of made.slice(0, 6)) await recordAuditOnPg(client, { actor, action, target: { type: "source", id: targetId, name: null } });
    });
    await db().$transaction(async (tx) => {
      for (const action of made.slice(6)) await recordAudit(tx, { actor, action, target: { type: "source", id: targetId, name: null } });
    });
    const rows = await rowsFor(targetId);
    // One `at` per transaction: the id alone orders each half.
    expect(new Set(rows.slice(0, 6).map((row) => row.at.getTime())).size).toBe(1);
    expect(rows.map((row) => row.action)).toEqual(made);
  });

  it("lists newest first, a page at a time, by target type, and says which targets still exist", async () => {
    const actor = await operator();
    const source = await createTestSource();
    const kept = await createDestination({ input: { name: uniqueName("kept"), url: "https://example.com/k" }, actor });
    const gone = await createDestination({ input: { name: uniqueName("gone"), url: "https://example.com/g" }, actor });
    await deleteDestination({ id: gone.destination.id, actor });
    const created = await createRule({ sourceId: source.id, input: rule, actor });

    const first = await listAuditLog({ limit: 2 });
    expect(first.entries).toHaveLength(2);
    expect(first.entries.map((entry) => entry.action)).toEqual(["rule.created", "destination.deleted"]);
    expect(first.entries[0]!.target).toEqual({
      type: "rule",
      id: created!.id,
      name: "Urgent",
      exists: true,
      sourceId: source.id,
      eventId: null,
      bulkKind: null,
    });
    expect(first.entries[1]!.target).toMatchObject({ id: gone.destination.id, exists: false });
    const second = await listAuditLog({ limit: 2, before: first.nextCursor! });
    expect(second.entries.map((entry) => [entry.action, entry.target.id, entry.target.exists])).toEqual([
      ["destination.created", gone.destination.id, false],
      ["destination.created", kept.destination.id, true],
    ]);
    expect(second.entries[0]!.at.getTime()).toBeLessThanOrEqual(first.entries[1]!.at.getTime());

    const destinations = await listAuditLog({ limit: 3, targetType: "destination" });
    expect(destinations.entries.every((entry) => entry.target.type === "destination")).toBe(true);
    expect(destinations.entries.map((entry) => entry.action)).toEqual([
      "destination.deleted",
      "destination.created",
      "destination.created",
    ]);

    await expect(listAuditLog({ before: "not-a-cursor" })).rejects.toBeInstanceOf(AuditCursorError);
  });
});

import { describe, expect, it } from "vitest";
import { auditActionLabel, auditDetailPhrases, auditTargetHref } from "@/components/settings/audit-format";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit";

describe("auditActionLabel", () => {
  it.each([
    ["source.created", "Created source"],
    ["source_secret.revealed", "Revealed source secret"],
    ["rule.rolled_back", "Rolled back rule"],
    ["destination_secret.rotated", "Rotated destination secret"],
    ["api_token.revoked", "Revoked API token"],
    ["inbox_token.created", "Created inbox token"],
    ["delivery.retried", "Retried delivery"],
    ["delivery.cancelled", "Cancelled delivery"],
    ["event.replayed", "Replayed event"],
    ["bulk_operation.started", "Started bulk operation"],
    ["bulk_operation.cancelled", "Cancelled bulk operation"],
    ["something.new", "something.new"],
  ])("%s → %s", (action, label) => expect(auditActionLabel(action)).toBe(label));

  it("has words for every action the product records", () => {
    for (const action of AUDIT_ACTIONS) expect(auditActionLabel(action), action).not.toBe(action);
  });
});

describe("auditTargetHref", () => {
  const id = "6f1c2b1e-8a53-4d1e-9f1e-0c5d3c1b2a10";
  const sourceId = "0b8e1f7e-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
  it.each([
    [{ type: "source", id, exists: true, sourceId: null }, `/sources/${id}`],
    [{ type: "destination", id, exists: true, sourceId: null }, `/destinations/${id}`],
    [{ type: "rule", id, exists: true, sourceId }, `/sources/${sourceId}/rules/${id}`],
    [{ type: "api_token", id, exists: true, sourceId: null }, "/settings#api-tokens"],
    [{ type: "delivery", id, exists: true, sourceId: null, eventId: sourceId }, `/events/${sourceId}`],
    [{ type: "delivery", id, exists: true, sourceId: null, eventId: null }, null],
    [{ type: "delivery", id, exists: false, sourceId: null, eventId: sourceId }, null],
    [{ type: "event", id, exists: true, sourceId: null }, `/events/${id}`],
    [{ type: "bulk_operation", id, exists: true, sourceId: null, bulkKind: "retry" }, `/deliveries?operation=${id}`],
    [{ type: "bulk_operation", id, exists: true, sourceId: null, bulkKind: "replay" }, `/events?operation=${id}`],
    [{ type: "bulk_operation", id, exists: true, sourceId: null, bulkKind: null }, null],
    [{ type: "source", id, exists: false, sourceId: null }, null],
    [{ type: "rule", id, exists: true, sourceId: null }, null],
    [{ type: "unknown", id, exists: true, sourceId: null }, null],
  ])("%o → %s", (target, href) => expect(auditTargetHref(target)).toBe(href));
});

describe("auditDetailPhrases", () => {
  it.each([
    [{ fields: ["name", "ipAllowlist", "url", "someNewField"] }, ["changed name, IP allowlist, URL, some new field"]],
    [
      {
        fields: ["url", "timeoutMs", "headers", "bodyLimitBytes", "allowPrivateNetwork"],
        changes: {
          url: { from: "https://a.example/hook", to: "https://b.example/hook" },
          timeoutMs: { from: 10000, to: 1500 },
          headers: { added: ["X-Team"], removed: [], changed: ["Authorization"] },
          bodyLimitBytes: { from: 1048576, to: 2048 },
          allowPrivateNetwork: { from: false, to: true },
        },
      },
      [
        "URL “https://a.example/hook” → “https://b.example/hook”",
        "timeout 10 s → 1500 ms",
        "headers: X-Team added; Authorization changed",
        "size limit 1 MB → 2 KB",
        "private network access off → on",
      ],
    ],
    // A rule's conditions are only named; its on/off reads as a change.
    [
      { sourceId: "x", version: 4, fields: ["enabled", "conditions"], changes: { enabled: { from: true, to: false } } },
      ["enabled on → off", "changed conditions", "v4"],
    ],
    [{ scheme: "zendesk", secretGenerated: false, awaitingProviderSecret: true }, ["scheme zendesk", "waiting for the provider's secret"]],
    [{ secretId: "x", hint: "…Ezmk", generated: false, firstSecret: true }, ["secret …Ezmk", "given by the operator", "its first secret"]],
    [{ sourceId: "x", version: 3, fields: ["enabled"], restoredVersion: 1 }, ["changed enabled", "restored v1 as v3"]],
    [{ sourceId: "x", version: 1 }, ["v1"]],
    [{ rules: 3, moved: 2 }, ["3 rules, 2 moved"]],
    [{ deletedEvents: 1 }, ["with 1 event"]],
    [{ deletedDeliveries: 1200 }, ["with 1,200 deliveries"]],
    [{ requeued: 0 }, ["0 waiting deliveries requeued"]],
    [{ reason: "maintenance" }, ["reason: “maintenance”"]],
    [
      { secretId: "x", hint: "whsec_…abcd", generated: true, overlapHours: 24 },
      ["secret whsec_…abcd", "generated", "previous secrets valid 24 h more"],
    ],
    [
      { secretId: "x", hint: "••••", generated: false, overlapHours: 0 },
      ["secret ••••", "given by the operator", "previous secrets retired at once"],
    ],
    [{ scheme: "stripe", secretGenerated: true }, ["scheme stripe", "generated"]],
    [{ prefix: "swy_abcd1234", userId: "x" }, ["swy_abcd1234…"]],
    [{ eventId: "x", previousStatus: "failed" }, ["was failed"]],
    [
      { kind: "retry", total: 1200, filter: { destination: "d1", status: "failed" } },
      ["1,200 failed deliveries", "filter: destination = d1; status = failed"],
    ],
    [
      { kind: "replay", total: 1, filter: { type: "invoice.paid", q: "body.amount > 5" } },
      ["1 event", "filter: type = invoice.paid; payload query = body.amount > 5"],
    ],
    [{ kind: "retry", total: 3, processed: 0 }, ["0 of 3 failed deliveries done"]],
    [{ kind: "replay", total: 250, processed: 100, filter: {} }, ["100 of 250 events done"]],
    [{ somethingElse: 5, note: "hi", empty: null }, ["something else: 5", "note: hi"]],
    [{}, []],
  ])("%o → %o", (details, phrases) => expect(auditDetailPhrases(details)).toEqual(phrases));
});

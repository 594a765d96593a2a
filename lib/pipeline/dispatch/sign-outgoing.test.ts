import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { standardWebhooks } from "@/lib/signatures/standard-webhooks";
import { signOutgoing } from "./sign-outgoing";

const body = Buffer.from(JSON.stringify({ type: "invoice.paid", data: { id: "in_1", amount: 1200, note: "grüße" } }));
const webhookId = "msg_2b7c1f0e9d8a4c3b";

describe("signOutgoing", () => {
  it("signs so the official standardwebhooks library verifies it", () => {
    const secret = standardWebhooks.generateSecret();
    const headers = signOutgoing({ webhookId, body, secrets: [secret] });
    expect(headers["webhook-id"]).toBe(webhookId);
    expect(Number(headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -1);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body.toString(), { ...headers })).toEqual(JSON.parse(body.toString()));
  });

  it("sends one signature per active secret during a rotation, and each verifies on its own", () => {
    const newer = standardWebhooks.generateSecret();
    const older = standardWebhooks.generateSecret();
    const headers = signOutgoing({ webhookId, body, secrets: [newer, older] });
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    // A receiver still on the old secret, and one already on the new secret, both accept it.
    expect(() => new Webhook(older).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(newer).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(standardWebhooks.generateSecret()).verify(body, { ...headers })).toThrow();
  });

  it("signs the exact bytes: a changed body or id does not verify", () => {
    const secret = standardWebhooks.generateSecret();
    const headers = signOutgoing({ webhookId, body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(Buffer.concat([body, Buffer.from(" ")]), { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_other" })).toThrow();
  });

  it("uses the given time and refuses to sign with no secret", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(signOutgoing({ webhookId, body, secrets: [standardWebhooks.generateSecret()], now })["webhook-timestamp"]).toBe("1772366400");
    expect(() => signOutgoing({ webhookId, body, secrets: [] })).toThrow(/at least one active signing secret/);
  });
});

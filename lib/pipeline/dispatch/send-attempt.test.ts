import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as secretBox from "@/lib/crypto/secret-box";
import { sealHeaders } from "@/lib/destinations/sealed-headers";
import { standardWebhooks } from "@/lib/signatures/standard-webhooks";
import { openDestination, sendAttempt, type AttemptDestination, type Opened } from "./send-attempt";

// Counts decryptions while keeping the real ones.
vi.mock("@/lib/crypto/secret-box", async (importOriginal) => {
  const original = await importOriginal<typeof secretBox>();
  return { ...original, decryptSecret: vi.fn(original.decryptSecret) };
});

beforeAll(() => {
  process.env.DATABASE_URL = "postgres://u:p@localhost:5432/switchyard";
  process.env.AUTH_SECRET = "x".repeat(32);
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
});

// A loopback address the SSRF guard refuses before any connection: these requests never leave the process.
const destinationWith = (overrides: Partial<AttemptDestination> = {}): AttemptDestination => ({
  url: "http://127.0.0.1:9/hooks",
  headers: {},
  secrets: [],
  timeout_ms: 1000,
  allow_private_network: false,
  ...overrides,
});
const clock = () => new Date("2026-12-06T12:00:00Z");
const problemOf = (opened: Opened<unknown>) => (opened.ok ? null : opened.problem);
const request = (webhookId: string) => ({ webhookId, body: Buffer.from('{"ok":true}'), contentType: "application/json" });

describe("openDestination", () => {
  it("decrypts the destination's headers and secrets once, however many requests use them", async () => {
    const secret = standardWebhooks.generateSecret();
    const destination = openDestination(destinationWith({ headers: sealHeaders({ Authorization: "Bearer t0k3n" }), secrets: [secretBox.encryptSecret(secret)] }), {});
    expect(destination.customHeaders).toEqual({ ok: true, value: { Authorization: "Bearer t0k3n" } });
    expect(destination.secrets).toEqual({ ok: true, value: [secret] });
    const decryptions = vi.mocked(secretBox.decryptSecret).mock.calls.length;

    const attempts = await Promise.all(["msg_1", "msg_2", "msg_3"].map((id) => sendAttempt({ destination, ...request(id) }, clock)));
    expect(vi.mocked(secretBox.decryptSecret).mock.calls.length).toBe(decryptions);
    // Each was signed and carried the header, then refused by the guard (private address), not for want of a secret.
    for (const attempt of attempts) {
      expect(attempt.errorClass).not.toBe("signing");
      expect(attempt.errorClass).not.toBe("secrets");
      expect(attempt.response).toBeNull();
      expect(Object.keys(attempt.recordedRequestHeaders)).toEqual(expect.arrayContaining(["authorization", "webhook-signature"]));
    }
  });

  it("keeps why secrets cannot be read, and every request then fails as unsigned without being sent", async () => {
    // As if ENCRYPTION_KEY had changed since the secret was stored.
    const destination = openDestination(destinationWith({ secrets: ["v1.AAAA.BBBB.CCCC"] }), {});
    expect(problemOf(destination.secrets)).toMatch(/^Could not sign the request: A stored secret could not be decrypted/);
    const attempt = await sendAttempt({ destination, ...request("msg_1") }, clock);
    expect(attempt).toMatchObject({ response: null, errorClass: "signing" });
    expect(attempt.errorMessage).toMatch(/ENCRYPTION_KEY/);
    expect(attempt.recordedRequestHeaders).not.toHaveProperty("webhook-signature");
  });

  it("keeps why custom headers cannot be read, and a request is then not sent without them", async () => {
    const destination = openDestination(destinationWith({ headers: { Authorization: "sealed:v1.AAAA.BBBB.CCCC" }, secrets: [secretBox.encryptSecret(standardWebhooks.generateSecret())] }), {});
    expect(problemOf(destination.customHeaders)).toMatch(/^Could not read the destination's custom headers/);
    const attempt = await sendAttempt({ destination, ...request("msg_1") }, clock);
    expect(attempt).toMatchObject({ response: null, errorClass: "secrets" });
    expect(attempt.recordedRequestHeaders).not.toHaveProperty("authorization");
  });

  it("refuses to sign for a destination with no active secret", async () => {
    const attempt = await sendAttempt({ destination: openDestination(destinationWith(), {}), ...request("msg_1") }, clock);
    expect(attempt).toMatchObject({ response: null, errorClass: "signing" });
    expect(attempt.errorMessage).toMatch(/at least one active signing secret/);
  });
});

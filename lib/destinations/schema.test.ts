import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { DEFAULT_RETRY_SCHEDULE, DestinationCreateInput, DestinationUpdateInput, RotateDestinationSecretInput } from "./schema";

const base = { name: "Billing service", url: "https://billing.example.com/hooks" };

function messages(input: unknown, schema: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ message: string }> } } } = DestinationCreateInput): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : (result.error?.issues.map((issue) => issue.message) ?? []);
}

describe("DestinationCreateInput", () => {
  it("fills the defaults", () => {
    expect(DestinationCreateInput.parse(base)).toEqual({
      ...base,
      headers: {},
      timeoutMs: 15000,
      retrySchedule: DEFAULT_RETRY_SCHEDULE,
      maxConcurrency: 10,
      rateLimitPerSecond: null,
      allowPrivateNetwork: false,
    });
  });

  it.each([
    ["ftp://example.com/hook", /Only http and https/],
    ["https://user:pass@example.com/hook", /credentials in a header/],
    ["example.com/hook", /full URL/],
    ["", /Enter the URL/],
  ])("refuses the URL %j", (url, message) => {
    expect(messages({ ...base, url })).toEqual([expect.stringMatching(message)]);
  });

  it("accepts safe custom headers and refuses hop-by-hop, framing and webhook-* ones", () => {
    expect(DestinationCreateInput.parse({ ...base, headers: { Authorization: "Bearer abc", "X-Team": "billing" } }).headers).toEqual({
      Authorization: "Bearer abc",
      "X-Team": "billing",
    });
    for (const name of ["Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Proxy-Authorization"]) {
      expect(messages({ ...base, headers: { [name]: "x" } })).toEqual([expect.stringContaining("cannot be set")]);
    }
    expect(messages({ ...base, headers: { "Webhook-Signature": "v1,forged" } })).toEqual([expect.stringContaining("set by Switchyard")]);
    expect(messages({ ...base, headers: { "Bad Name": "x" } })).toEqual([expect.stringContaining("not a valid header name")]);
    expect(messages({ ...base, headers: { "X-A": "line\r\nInjected: yes" } })).toEqual([expect.stringContaining("line breaks")]);
    expect(messages({ ...base, headers: { "X-A": "1", "x-a": "2" } })).toEqual([expect.stringContaining("given twice")]);
  });

  it("refuses the headers cloud metadata services require (a destination can never reach one)", () => {
    for (const name of ["Metadata-Flavor", "metadata", "X-Google-Metadata-Request", "X-aws-ec2-metadata-token", "X-aws-ec2-metadata-token-ttl-seconds"]) {
      expect(messages({ ...base, headers: { [name]: "Google" } }), name).toEqual([expect.stringContaining("cloud metadata")]);
    }
  });

  it("bounds timeout, schedule, concurrency and rate limit", () => {
    expect(messages({ ...base, timeoutMs: 999 })).toHaveLength(1);
    expect(messages({ ...base, timeoutMs: 60_001 })).toHaveLength(1);
    expect(messages({ ...base, retrySchedule: [] })).toEqual([]);
    expect(messages({ ...base, retrySchedule: Array.from({ length: 21 }, () => 5) })).toEqual(["At most 20 retries"]);
    expect(messages({ ...base, retrySchedule: [0] })).toHaveLength(1);
    expect(messages({ ...base, retrySchedule: [86_401] })).toHaveLength(1);
    expect(messages({ ...base, maxConcurrency: 0 })).toHaveLength(1);
    expect(messages({ ...base, maxConcurrency: 101 })).toHaveLength(1);
    expect(messages({ ...base, rateLimitPerSecond: 0 })).toHaveLength(1);
    expect(messages({ ...base, rateLimitPerSecond: 1001 })).toHaveLength(1);
    expect(messages({ ...base, rateLimitPerSecond: 1000 })).toEqual([]);
  });

  it("has no per-destination automatic pause any more: the circuit breaker replaced it, and the old field is ignored", () => {
    expect(DestinationCreateInput.parse({ ...base, autoPauseAfter: 5 })).not.toHaveProperty("autoPauseAfter");
    expect(DestinationUpdateInput.parse({ autoPauseAfter: null })).toEqual({});
  });
});

describe("DestinationUpdateInput and RotateDestinationSecretInput", () => {
  it("updates only what is given and validates it the same way", () => {
    expect(DestinationUpdateInput.parse({ maxConcurrency: 1 })).toEqual({ maxConcurrency: 1 });
    expect(messages({ url: "https://a:b@example.com" }, DestinationUpdateInput)).toHaveLength(1);
  });

  it("defaults the rotation overlap to 24 h and checks a given secret", () => {
    expect(RotateDestinationSecretInput.parse({})).toEqual({ overlapHours: 24 });
    expect(messages({ secret: "not base64!" }, RotateDestinationSecretInput)).toHaveLength(1);
    expect(messages({ overlapHours: 721 }, RotateDestinationSecretInput)).toHaveLength(1);
  });
});

describe("OUTBOUND_ALLOW_CIDRS", () => {
  const valid = { DATABASE_URL: "postgres://u:p@localhost:5432/switchyard", AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };

  it("is empty by default and parses comma- or space-separated CIDRs", () => {
    expect(parseEnv(valid).OUTBOUND_ALLOW_CIDRS).toEqual([]);
    expect(parseEnv({ ...valid, OUTBOUND_ALLOW_CIDRS: "10.1.0.0/16, 192.168.5.10  ::1/128" }).OUTBOUND_ALLOW_CIDRS).toEqual([
      "10.1.0.0/16",
      "192.168.5.10/32",
      "::1/128",
    ]);
  });

  it("stops start-up on a bad entry, naming the variable", () => {
    expect(() => parseEnv({ ...valid, OUTBOUND_ALLOW_CIDRS: "10.1.0.0/16, 10.0.0.1/8" })).toThrow(/OUTBOUND_ALLOW_CIDRS contains an invalid entry: "10.0.0.1\/8"/);
  });
});

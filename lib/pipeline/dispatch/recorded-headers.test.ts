import { describe, expect, it } from "vitest";
import { recordedRequestHeaders, recordedResponseHeaders, REDACTED_HEADER_VALUE } from "./recorded-headers";

const ours = {
  "user-agent": "Switchyard",
  "content-type": "application/json",
  "webhook-id": "msg_1",
  "webhook-timestamp": "1700000000",
  "webhook-signature": "v1,abc=",
};

describe("recordedRequestHeaders", () => {
  it.each([
    ["X-Auth", "s3cret"],
    ["Authorization", "Bearer abc"],
    ["X-Team", "billing"],
    ["x-api", "k-123"],
    ["Accept", "application/vnd.team+json"],
  ])("keeps no value of the custom header %s", (name, value) => {
    const sent = { ...ours, [name.toLowerCase()]: value };
    const recorded = recordedRequestHeaders(sent, { [name]: value });
    expect(recorded[name.toLowerCase()]).toBe(REDACTED_HEADER_VALUE);
    expect(JSON.stringify(recorded)).not.toContain(value);
  });

  it("keeps what Switchyard sets itself as sent", () => {
    expect(recordedRequestHeaders(ours, {})).toEqual(ours);
  });

  it("replaces a custom header that overrides one of ours (user-agent, content-type)", () => {
    const sent = { ...ours, "user-agent": "token-in-ua", "content-type": "text/plain" };
    const recorded = recordedRequestHeaders(sent, { "User-Agent": "token-in-ua", "Content-Type": "text/plain" });
    expect(recorded["user-agent"]).toBe(REDACTED_HEADER_VALUE);
    expect(recorded["content-type"]).toBe(REDACTED_HEADER_VALUE);
    expect(recorded["webhook-signature"]).toBe("v1,abc=");
  });
});

describe("recordedResponseHeaders", () => {
  it("replaces credential-like response headers and keeps the rest", () => {
    expect(recordedResponseHeaders({ "set-cookie": "sid=1", "x-session-id": "s", "content-type": "text/plain", "retry-after": "5" })).toEqual({
      "set-cookie": REDACTED_HEADER_VALUE,
      "x-session-id": REDACTED_HEADER_VALUE,
      "content-type": "text/plain",
      "retry-after": "5",
    });
  });
});

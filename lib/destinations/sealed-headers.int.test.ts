// Integration project: encryption needs the instance's configuration (ENCRYPTION_KEY).
import { describe, expect, it } from "vitest";
import { SecretDecryptionError } from "@/lib/crypto/secret-box";
import { openHeaders, sealHeaders } from "@/lib/destinations/sealed-headers";

describe("sealed destination headers", () => {
  it("stores no value in plaintext and reads every one back", () => {
    const headers = { Authorization: "Bearer sk_live_123", "X-Team": "billing" };
    const sealed = sealHeaders(headers);
    expect(Object.keys(sealed)).toEqual(["Authorization", "X-Team"]);
    expect(JSON.stringify(sealed)).not.toContain("sk_live_123");
    expect(JSON.stringify(sealed)).not.toContain("billing");
    expect(openHeaders(sealed)).toEqual(headers);
  });

  it("reads values stored before sealing as they are, and ignores what is not a header map", () => {
    expect(openHeaders({ "X-Old": "plain" })).toEqual({ "X-Old": "plain" });
    expect(openHeaders(null)).toEqual({});
    expect(openHeaders(["a"])).toEqual({});
    expect(openHeaders({ "X-Number": 5 })).toEqual({});
  });

  it("refuses a sealed value it cannot decrypt instead of sending garbage", () => {
    const other = sealHeaders({ Authorization: "Bearer x" }).Authorization!.replace(/\.[^.]+$/, ".AAAA");
    expect(() => openHeaders({ Authorization: other })).toThrow(SecretDecryptionError);
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, SecretDecryptionError } from "@/lib/crypto/secret-box";

const key = randomBytes(32);

describe("secret box", () => {
  it("round-trips, with a different ciphertext every time", () => {
    const a = encryptSecret("whsec_abc/123+xyz", key);
    const b = encryptSecret("whsec_abc/123+xyz", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("abc");
    expect(decryptSecret(a, key)).toBe("whsec_abc/123+xyz");
    expect(decryptSecret(b, key)).toBe("whsec_abc/123+xyz");
  });

  it("refuses a wrong key and tampered ciphertext", () => {
    const box = encryptSecret("s3cret", key);
    expect(() => decryptSecret(box, randomBytes(32))).toThrow(SecretDecryptionError);
    const parts = box.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([parts[0], parts[1], parts[2], flipped.toString("base64url")].join("."), key)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret("garbage", key)).toThrow(SecretDecryptionError);
  });

  it.each([
    ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_…LaSw"],
    ["It's a Secret to Everybody", "…body"],
    ["short", "••••"],
    ["user:hunter2hunter2", "user:…ter2"],
  ])("masks %s as %s", (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });
});

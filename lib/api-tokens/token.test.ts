import { describe, expect, it } from "vitest";
import { apiTokenProblem, displayPrefix, generateApiToken, hashApiToken } from "@/lib/api-tokens/token";

describe("API token format", () => {
  it("generates swy_ + 32 random bytes, base64url, never the same twice", () => {
    const token = generateApiToken();
    expect(token).toMatch(/^swy_[A-Za-z0-9_-]{43}$/);
    expect(generateApiToken()).not.toBe(token);
    expect(apiTokenProblem(token)).toBeNull();
  });

  it("stores a SHA-256 hex digest and shows the first 12 characters", () => {
    expect(hashApiToken("swy_example")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(displayPrefix("swy_abcdefghijklmnop")).toBe("swy_abcdefgh");
  });

  it.each([
    ["short", "x".repeat(31), /at least 32/],
    ["long", "x".repeat(513), /at most 512/],
    ["with a space", `${"x".repeat(32)} y`, /only letters/],
    ["with = inside", `${"x".repeat(32)}=y`, /only letters/],
  ])("refuses a token that is %s", (_case, token, problem) => {
    expect(apiTokenProblem(token)).toMatch(problem);
  });

  it("accepts operator-chosen tokens of any sendable form", () => {
    expect(apiTokenProblem("0123456789abcdef0123456789abcdef")).toBeNull();
    expect(apiTokenProblem(`${"A".repeat(40)}+/~._-==`)).toBeNull();
  });
});

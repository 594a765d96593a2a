// Shared helpers: constant-time comparison, signature decoding, secret handling, timestamps and the
// replay window.
import { describe, expect, it } from "vitest";
import { checkTolerance, parseTimestamp, readHeader, resolveTolerance } from "./common";
import {
  computeHmac,
  constantTimeEqual,
  credentialEquals,
  decodeSignature,
  findMatchingSecret,
  secretKeys,
} from "./hmac";
import { headersOf, NOW, secondsFrom } from "@/lib/testing/signature-fixtures";
import { DEFAULT_TOLERANCE_SECONDS } from "./types";

describe("constant-time comparison", () => {
  it.each([
    { a: "abc", b: "abc", equal: true },
    { a: "abc", b: "abd", equal: false },
    { a: "abc", b: "abcd", equal: false }, // different lengths: false, never a throw
    { a: "", b: "", equal: true },
    { a: "é", b: "e\u0301", equal: false }, // compared as bytes, no normalisation
  ])("$a vs $b", ({ a, b, equal }) => {
    expect(constantTimeEqual(a, b)).toBe(equal);
    expect(constantTimeEqual(Buffer.from(a), Buffer.from(b))).toBe(equal);
    expect(credentialEquals(a, b)).toBe(equal);
  });
});

describe("decodeSignature", () => {
  const digest = computeHmac("sha256", "k", ["m"]);
  it.each([
    { value: digest.toString("hex"), encoding: "hex", ok: true },
    { value: digest.toString("hex").toUpperCase(), encoding: "hex", ok: true },
    { value: digest.toString("base64"), encoding: "base64", ok: true },
    { value: digest.toString("base64").replace(/=+$/, ""), encoding: "base64", ok: true },
    { value: digest.toString("hex").slice(0, -2), encoding: "hex", ok: false },
    { value: digest.toString("hex").slice(0, -1), encoding: "hex", ok: false },
    { value: `${digest.toString("hex")}00`, encoding: "hex", ok: false },
    { value: `g${digest.toString("hex").slice(1)}`, encoding: "hex", ok: false },
    {
      value: digest.toString("base64url"),
      encoding: "base64",
      ok: digest.toString("base64url") === digest.toString("base64").replace(/=+$/, ""),
    },
    { value: "", encoding: "base64", ok: false },
  ] as const)("$encoding $value", ({ value, encoding, ok }) => {
    const decoded = decodeSignature(value, encoding, "sha256");
    expect(decoded.ok).toBe(ok);
    if (decoded.ok) expect(decoded.bytes.equals(digest)).toBe(true);
  });
});

describe("secrets", () => {
  it("skips empty secrets, keeps indexes, and reports undecodable ones", () => {
    expect(secretKeys([])).toMatchObject({ ok: false, code: "no_secret" });
    expect(secretKeys(["", ""])).toMatchObject({ ok: false, code: "no_secret" });
    const keys = secretKeys(["", "a", "b"]);
    expect(keys.ok && keys.keys.map((k) => k.index)).toEqual([1, 2]);
    expect(secretKeys(["x"], () => null)).toMatchObject({ ok: false, code: "invalid_secret" });
  });

  it("finds the first matching secret across several received signatures", () => {
    const keys = secretKeys(["one", "two", "three"]);
    if (!keys.ok) throw new Error("unexpected");
    const sigTwo = computeHmac("sha256", "two", ["body"]);
    const sigThree = computeHmac("sha256", "three", ["body"]);
    expect(findMatchingSecret(keys.keys, "sha256", ["body"], [sigThree, sigTwo])).toBe(1);
    expect(findMatchingSecret(keys.keys, "sha256", ["body"], [sigThree])).toBe(2);
    expect(findMatchingSecret(keys.keys, "sha256", ["bod", "y"], [sigThree])).toBe(2); // parts are concatenated
    expect(findMatchingSecret(keys.keys, "sha256", ["other"], [sigTwo])).toBeNull();
  });
});

describe("timestamps", () => {
  it.each([
    { raw: "1718020800", format: "unix", iso: "2024-06-10T12:00:00.000Z" },
    { raw: "1718020800", format: "auto", iso: "2024-06-10T12:00:00.000Z" },
    { raw: "1718020800123", format: "auto", iso: "2024-06-10T12:00:00.123Z" },
    { raw: "1718020800123", format: "unix-ms", iso: "2024-06-10T12:00:00.123Z" },
    { raw: "2024-06-10T12:00:00Z", format: "iso", iso: "2024-06-10T12:00:00.000Z" },
    { raw: "2024-06-10T14:00:00+02:00", format: "auto", iso: "2024-06-10T12:00:00.000Z" },
    { raw: "2024-06-10T12:00:00.5z", format: "iso", iso: "2024-06-10T12:00:00.500Z" },
    { raw: "2024-06-10T12:00:00", format: "iso", iso: null }, // no zone: ambiguous
    { raw: "June 10, 2024", format: "auto", iso: null },
    { raw: "1718020800.5", format: "unix", iso: null },
    { raw: "99999999999999999999", format: "auto", iso: null },
    { raw: "", format: "auto", iso: null },
  ] as const)("$format $raw", ({ raw, format, iso }) => {
    expect(parseTimestamp(raw, format)?.toISOString() ?? null).toBe(iso);
  });

  it("refuses both too old and too far in the future, inclusive at the edge", () => {
    expect(checkTolerance(secondsFrom(NOW, -300), NOW, 300)).toBeNull();
    expect(checkTolerance(secondsFrom(NOW, 300), NOW, 300)).toBeNull();
    expect(checkTolerance(secondsFrom(NOW, -301), NOW, 300)).toMatchObject({ code: "timestamp_too_old" });
    expect(checkTolerance(secondsFrom(NOW, 301), NOW, 300)).toMatchObject({ code: "timestamp_in_future" });
    expect(checkTolerance(secondsFrom(NOW, -1e9), NOW, Infinity)).toBeNull();
  });

  it("defaults the tolerance to 300 s", () => {
    expect(DEFAULT_TOLERANCE_SECONDS).toBe(300);
    expect(resolveTolerance(undefined)).toBe(300);
    expect(resolveTolerance(-5)).toBe(300);
    expect(resolveTolerance(Number.NaN)).toBe(300);
    expect(resolveTolerance(60)).toBe(60);
  });
});

describe("readHeader", () => {
  it("is case-insensitive, trims, and treats empty as absent", () => {
    const h = headersOf({ "X-Thing": "  value  ", "X-Empty": "" });
    expect(readHeader(h, "x-thing")).toBe("value");
    expect(readHeader(h, "X-THING")).toBe("value");
    expect(readHeader(h, "x-empty")).toBeNull();
    // A plain map keyed by lower-case names works too.
    const map = new Map([["x-thing", "v"]]);
    expect(readHeader({ get: (n) => map.get(n) ?? null }, "X-Thing")).toBe("v");
  });
});

import { describe, expect, it } from "vitest";
import { bearerToken } from "@/lib/auth/bearer-token";
import { isCrossSiteWrite } from "@/lib/auth/is-cross-site-write";
import { parseCookieHeader } from "@/lib/http/parse-cookie-header";

describe("bearerToken", () => {
  it.each([
    ["Bearer swy_abc", "swy_abc"],
    ["bearer swy_abc", "swy_abc"],
    ["Bearer   swy_abc  ", "swy_abc"],
    ["Bearer", null],
    ["Bearer ", null],
    ["Bearer a b", null],
    ["Basic dXNlcjpwYXNz", null],
    ["swy_abc", null],
    [null, null],
  ])("%s → %s", (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});

describe("isCrossSiteWrite", () => {
  const request = (method: string, site?: string) =>
    new Request("http://localhost/api/v1/sources", { method, headers: site ? { "sec-fetch-site": site } : {} });

  it("refuses writes a browser marks as coming from another site or a sibling subdomain", () => {
    expect(isCrossSiteWrite(request("POST", "cross-site"))).toBe(true);
    expect(isCrossSiteWrite(request("DELETE", "same-site"))).toBe(true);
  });

  it("allows same-origin writes, reads from anywhere, and clients that are not browsers", () => {
    expect(isCrossSiteWrite(request("POST", "same-origin"))).toBe(false);
    expect(isCrossSiteWrite(request("PATCH", "none"))).toBe(false);
    expect(isCrossSiteWrite(request("GET", "cross-site"))).toBe(false);
    expect(isCrossSiteWrite(request("POST"))).toBe(false);
  });
});

describe("parseCookieHeader", () => {
  it("splits, trims, unquotes and decodes; the first of repeated names wins", () => {
    expect(parseCookieHeader('a=1; b = two%20words ; c="quoted"; a=2; broken; =x; d=%E0%A4%A')).toEqual({
      a: "1",
      b: "two words",
      c: "quoted",
      d: "%E0%A4%A",
    });
    expect(parseCookieHeader("next-auth.session-token=eyJ.a.b-c_d")).toEqual({ "next-auth.session-token": "eyJ.a.b-c_d" });
    expect(parseCookieHeader(null)).toEqual({});
  });
});

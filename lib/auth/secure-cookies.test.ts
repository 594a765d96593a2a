import { describe, expect, it } from "vitest";
import { secureCookies } from "./secure-cookies";

describe("secureCookies", () => {
  it.each([
    ["https://hooks.example.com", true],
    ["https://localhost:3443/", true],
    ["HTTPS://HOOKS.EXAMPLE.COM", true],
    ["http://localhost:3000", false],
    ["http://hooks.example.com", false],
  ])("%s → %s", (appUrl, secure) => {
    expect(secureCookies({ appUrl })).toBe(secure);
  });
});

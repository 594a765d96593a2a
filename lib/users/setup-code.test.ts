import { describe, expect, it } from "vitest";
import { generateSetupCode, normalizeSetupCode, setupCodeMatches } from "./setup-code";

describe("generateSetupCode", () => {
  it("gives four groups of four base32 characters, different each time", () => {
    const codes = new Set(Array.from({ length: 50 }, () => generateSetupCode()));
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it("maps each byte to one of 32 characters", () => {
    const bytes = Buffer.from([0, 1, 31, 32, 33, 255, 10, 18, 20, 21, 26, 27, 28, 29, 30, 16]);
    expect(generateSetupCode(() => bytes)).toBe("01Z0-1ZAJ-MNTV-WXYG");
  });
});

describe("setupCodeMatches", () => {
  const issued = "7K2M-QX9D-0A1B-ZZ34";
  it.each([
    ["7K2M-QX9D-0A1B-ZZ34", true],
    ["7k2m qx9d 0a1b zz34", true],
    ["7K2MQX9D0A1BZZ34", true],
    [" 7K2M-QX9D-OA1B-ZZ34 ", true], // O for 0
    ["7K2M-QX9D-0AlB-ZZ34", true], // l for 1
    ["7K2M-QX9D-0A1B-ZZ35", false],
    ["7K2M-QX9D-0A1B", false],
    ["", false],
    ["----", false],
  ])("%j → %s", (typed, matches) => {
    expect(setupCodeMatches(typed, issued)).toBe(matches);
  });

  it("normalizes case, separators and look-alike letters", () => {
    expect(normalizeSetupCode("ab-cd ef")).toBe("ABCDEF");
    expect(normalizeSetupCode("oOiIlL")).toBe("001111");
  });
});

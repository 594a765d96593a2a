// Helpers for signature-scheme tests (lib/signatures): byte bodies, headers, and result assertions.
import { expect } from "vitest";
import type { VerificationFailureCode, VerifyResult } from "@/lib/signatures/types";

/** A fixed clock so timestamps in tests are reproducible. */
export const NOW = new Date("2024-06-10T12:00:00Z");

export function secondsFrom(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

/** Table rows are unions with absent keys; undefined values are left out. */
export function headersOf(record: Record<string, string | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) if (value !== undefined) headers.set(name, value);
  return headers;
}

export function bytes(text: string): Buffer {
  return Buffer.from(text, "utf8");
}

export function expectOk(result: VerifyResult, secretIndex: number | null = 0): void {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true, secretIndex });
}

export function expectFailure(result: VerifyResult, code: VerificationFailureCode): string {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: false, code });
  return result.ok ? "" : result.message;
}

// Test data with random names, so tests never depend on each other's rows.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/audit/actor";
import { db } from "@/lib/db";
import { getScheme } from "@/lib/signatures/registry";
import { createSource } from "@/lib/sources/create-source";
import type { SourceCreateInput } from "@/lib/sources/schema";

/** Who the audit log says made the changes a test makes through lib functions. */
export const TEST_ACTOR: Actor = { id: null, label: "test" };

export function uniqueName(prefix: string): string {
  return `${prefix} ${randomBytes(4).toString("hex")}`;
}

/** A user with a unique email. Its password hash is a placeholder: it cannot sign in. */
export async function createTestUser({ role = "operator" }: { role?: "viewer" | "operator" | "admin" } = {}) {
  return db().user.create({
    data: { email: `user-${randomBytes(4).toString("hex")}@example.test`, name: uniqueName("user"), passwordHash: "not-a-hash", role },
    select: { id: true, email: true, name: true, role: true },
  });
}

/**
 * A source (scheme "none" unless given) and its plaintext secret, if the scheme has one. For a
 * scheme whose provider makes the secret, one is made up here, as if pasted from the provider.
 */
export async function createTestSource(input: Partial<SourceCreateInput> = {}) {
  const scheme = getScheme(input.scheme ?? "none");
  const secret = input.secret ?? (scheme.verifies && scheme.secretOrigin === "provider" ? scheme.generateSecret() : undefined);
  const { source, secret: stored } = await createSource({ input: { name: uniqueName("source"), ...input, ...(secret ? { secret } : {}) }, actor: TEST_ACTOR });
  return Object.assign(source, { secret: stored });
}

export function webhookRequest(key: string, init: { body?: string | Buffer; contentType?: string | null; method?: string; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.contentType !== null) headers.set("content-type", init.contentType ?? "application/json");
  return new Request(`http://localhost:3999/in/${key}?via=test`, {
    method: init.method ?? "POST",
    headers,
    body: init.body === undefined ? JSON.stringify({ type: "ticket.created", id: randomBytes(6).toString("hex") }) : typeof init.body === "string" ? init.body : new Uint8Array(init.body),
  });
}

/** Waits for a condition that another process (the worker) makes true. */
export async function eventually<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

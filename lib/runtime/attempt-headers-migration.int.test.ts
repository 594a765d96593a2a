// The migration that takes custom header values out of attempts recorded before
// lib/pipeline/dispatch/recorded-headers.ts: run on a database of its own holding such a row.
import { cp, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureDatabase } from "@/lib/runtime/embedded-postgres";
import { applyMigrations } from "@/lib/runtime/migrate";

const MIGRATION = "20261205090000_attempts_keep_no_custom_header_values";
const serverUrl = new URL(process.env.DATABASE_URL!);
const name = `attempt_headers_${Date.now().toString(36)}`;
const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
const admin = Object.assign(new URL(serverUrl), { pathname: "/postgres" }).toString();
const client = new pg.Client({ connectionString: url });

beforeAll(async () => {
  await ensureDatabase(admin, name);
  await client.connect();
});
afterAll(async () => {
  await client.end();
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminClient.end();
});

it("replaces every custom header value of old attempts and keeps Switchyard's own headers", async () => {
  const migrationsDir = join(process.cwd(), "prisma", "migrations");
  const before = await mkdtemp(join(tmpdir(), "migrations-before-"));
  for (const entry of await readdir(migrationsDir)) if (entry !== MIGRATION && entry <= MIGRATION) await cp(join(migrationsDir, entry), join(before, entry), { recursive: true });
  await applyMigrations({ connectionString: url, migrationsDir: before });

  const sent = { "user-agent": "Switchyard", "content-type": "application/json", "webhook-id": "msg_1", "webhook-signature": "v1,abc=", "x-auth": "s3cret", authorization: "[redacted]", "x-team": "billing" };
  await client.query(
    `WITH s AS (INSERT INTO sources (name, key, updated_at) VALUES ('s', 'k-' || gen_random_uuid(), now()) RETURNING id),
          e AS (INSERT INTO events (source_id, method, headers, body, body_size) SELECT id, 'POST', '{}', '', 0 FROM s RETURNING id),
          t AS (INSERT INTO destinations (name, url, updated_at) VALUES ('d', 'https://example.com/', now()) RETURNING id),
          r AS (INSERT INTO routing_runs (event_id, run_key, trigger, outcome, trace) SELECT id, 'r', 'received', 'routed', '{}' FROM e RETURNING id),
          d AS (INSERT INTO deliveries (event_id, destination_id, routing_run_id, webhook_id, updated_at)
                SELECT e.id, t.id, r.id, 'msg_1', now() FROM e, t, r RETURNING id)
     INSERT INTO delivery_attempts (delivery_id, number, started_at, duration_ms, request_url, request_headers)
     SELECT id, n, now(), 1, 'https://example.com/', CASE WHEN n = 1 THEN $1::jsonb ELSE '{}'::jsonb END FROM d, generate_series(1, 2) AS n`,
    [JSON.stringify(sent)],
  );

  expect(await applyMigrations({ connectionString: url, migrationsDir })).toContain(MIGRATION);
  const { rows } = await client.query<{ number: number; request_headers: Record<string, string> }>("SELECT number, request_headers FROM delivery_attempts ORDER BY number");
  expect(rows.map((row) => row.request_headers)).toEqual([
    { "user-agent": "Switchyard", "content-type": "application/json", "webhook-id": "msg_1", "webhook-signature": "v1,abc=", "x-auth": "[redacted]", authorization: "[redacted]", "x-team": "[redacted]" },
    {},
  ]);
});

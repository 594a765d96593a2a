// Everything the receiver needs about a source: its settings and its active secrets, decrypted.
// One round trip on a miss (plain pg, like the rest of the hot path); then the row is kept, its
// secrets decrypted once, for CACHE_SECONDS, so a busy source costs the database nothing per
// webhook. (Decrypting per webhook cost ~4% of the receiver's CPU, and kept encrypted they were
// no safer: the key that decrypts them is in the same process's memory.) A kept row is dropped at once when the source or its
// secrets change: in this process by the functions that change them (lib/sources/source-changes),
// in the others by the database's NOTIFY (lib/live). A secret's expiry is checked at each use, so
// the end of a rotation's overlap is exact whatever is kept.
import { pool } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { DedupeStrategy } from "@/lib/generated/prisma/client";
import { subscribeLive } from "@/lib/live/live-listener";
import { parseCidrList, type Cidr } from "@/lib/net/ip-policy";
import { onSourceChanged } from "@/lib/sources/source-changes";

const CACHE_SECONDS = 10;
// Unknown keys are kept too (a flood of made-up keys must not become a flood of queries), so the
// number kept is bounded: past it, everything is forgotten and looked up again.
const MAX_CACHED = 10_000;

export interface IngestSource {
  id: string;
  enabled: boolean;
  scheme: string;
  schemeOptions: unknown;
  toleranceSeconds: number;
  dedupeStrategy: DedupeStrategy;
  dedupeField: string | null;
  bodyLimitBytes: number;
  ipAllowlist: Cidr[];
  /** Active secrets, newest first. */
  secrets: Array<{ id: string; hint: string; value: string }>;
}

interface Row {
  id: string;
  enabled: boolean;
  scheme: string;
  scheme_options: unknown;
  tolerance_seconds: number;
  dedupe_strategy: DedupeStrategy;
  dedupe_field: string | null;
  body_limit_bytes: number;
  ip_allowlist: string[];
  secrets: Array<{ id: string; hint: string; encrypted: string; expires_at: string | null }>;
}

interface KeptSecret {
  id: string;
  hint: string;
  value: string;
  /** Epoch ms; null: never expires. */
  expiresAt: number | null;
}

interface Cached {
  row: Row | null;
  secrets: KeptSecret[];
  ipAllowlist: Cidr[];
  loadedAt: number;
}

const globalForSources = globalThis as unknown as {
  switchyardIngestSources?: Map<string, Cached>;
  switchyardIngestSourcesHeard?: { inProcess: boolean; fromDatabase: boolean };
};

// Sources change rarely, so any change forgets every kept row (a new source's key, too, may have
// been looked up and found unknown before it existed).
function forget(): void {
  globalForSources.switchyardIngestSources?.clear();
}

function cache(): Map<string, Cached> {
  globalForSources.switchyardIngestSources ??= new Map();
  const heard = (globalForSources.switchyardIngestSourcesHeard ??= { inProcess: false, fromDatabase: false });
  if (!heard.inProcess) {
    heard.inProcess = true;
    onSourceChanged(forget);
  }
  if (!heard.fromDatabase) {
    heard.fromDatabase = true;
    subscribeLive({
      message: (message) => message.kind === "source" && forget(),
      // The LISTEN connection was lost for a while: a change may have gone unheard.
      resync: forget,
      // The process stops listening (shutdown, tests): keep nothing, and listen again if asked.
      close: () => {
        forget();
        heard.fromDatabase = false;
      },
    });
  }
  return globalForSources.switchyardIngestSources;
}

/** Forgets every kept source (tests that change a source behind lib/sources's back). */
export function forgetIngestSources(): void {
  forget();
}

async function queryRow(key: string): Promise<Row | null> {
  const { rows } = await pool().query<Row>(
    `
    SELECT s.id, s.enabled, s.scheme, s.scheme_options, s.tolerance_seconds, s.dedupe_strategy, s.dedupe_field,
           s.body_limit_bytes, s.ip_allowlist,
           coalesce(json_agg(json_build_object('id', ss.id, 'hint', ss.hint, 'encrypted', ss.encrypted, 'expires_at', ss.expires_at)
                             ORDER BY ss.created_at DESC) FILTER (WHERE ss.id IS NOT NULL), '[]') AS secrets
    FROM sources s
    LEFT JOIN source_secrets ss ON ss.source_id = s.id AND (ss.expires_at IS NULL OR ss.expires_at > now())
    WHERE s.key = $1
    GROUP BY s.id`,
    [key],
  );
  return rows[0] ?? null;
}

export async function loadIngestSource({ key }: { key: string }): Promise<IngestSource | null> {
  const kept = cache();
  let entry = kept.get(key);
  if (!entry || Date.now() - entry.loadedAt > CACHE_SECONDS * 1000) {
    const row = await queryRow(key);
    entry = {
      row,
      secrets: (row?.secrets ?? []).map((secret) => ({
        id: secret.id,
        hint: secret.hint,
        value: decryptSecret(secret.encrypted),
        expiresAt: secret.expires_at === null ? null : Date.parse(secret.expires_at),
      })),
      ipAllowlist: row ? parseCidrList(row.ip_allowlist) : [],
      loadedAt: Date.now(),
    };
    if (kept.size >= MAX_CACHED) kept.clear();
    kept.set(key, entry);
  }
  const { row } = entry;
  if (!row) return null;
  const now = Date.now();
  return {
    id: row.id,
    enabled: row.enabled,
    scheme: row.scheme,
    schemeOptions: row.scheme_options,
    toleranceSeconds: row.tolerance_seconds,
    dedupeStrategy: row.dedupe_strategy,
    dedupeField: row.dedupe_field,
    bodyLimitBytes: row.body_limit_bytes,
    ipAllowlist: entry.ipAllowlist,
    secrets: entry.secrets.filter((secret) => secret.expiresAt === null || secret.expiresAt > now).map(({ id, hint, value }) => ({ id, hint, value })),
  };
}

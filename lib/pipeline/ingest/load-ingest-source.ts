// Everything the receiver needs about a source, in one round trip: its settings and its active
// secrets, decrypted (they stay in this request's memory only). Plain pg, like the rest of the
// receiver's hot path.
import { pool } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { DedupeStrategy } from "@/lib/generated/prisma/client";
import { parseCidrList, type Cidr } from "@/lib/net/ip-policy";

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
  secrets: Array<{ id: string; hint: string; encrypted: string }>;
}

export async function loadIngestSource({ key }: { key: string }): Promise<IngestSource | null> {
  const { rows } = await pool().query<Row>(
    `
    SELECT s.id, s.enabled, s.scheme, s.scheme_options, s.tolerance_seconds, s.dedupe_strategy, s.dedupe_field,
           s.body_limit_bytes, s.ip_allowlist,
           coalesce(json_agg(json_build_object('id', ss.id, 'hint', ss.hint, 'encrypted', ss.encrypted) ORDER BY ss.created_at DESC)
                    FILTER (WHERE ss.id IS NOT NULL), '[]') AS secrets
    FROM sources s
    LEFT JOIN source_secrets ss ON ss.source_id = s.id AND (ss.expires_at IS NULL OR ss.expires_at > now())
    WHERE s.key = $1
    GROUP BY s.id`,
    [key],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    enabled: row.enabled,
    scheme: row.scheme,
    schemeOptions: row.scheme_options,
    toleranceSeconds: row.tolerance_seconds,
    dedupeStrategy: row.dedupe_strategy,
    dedupeField: row.dedupe_field,
    bodyLimitBytes: row.body_limit_bytes,
    ipAllowlist: parseCidrList(row.ip_allowlist),
    secrets: row.secrets.map((secret) => ({ id: secret.id, hint: secret.hint, value: decryptSecret(secret.encrypted) })),
  };
}

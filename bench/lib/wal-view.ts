// BENCH_WAL=1: what PostgreSQL's WAL of a phase is made of, by table and index, from pg_walinspect.
// Every byte of WAL is CPU too (built, checksummed, copied, written and flushed), so this says
// which table's writes to cut: an event's row, its indexes, the queue's job rows, the updates that
// rewrite a row to change one column, full-page images after a checkpoint. The embedded server
// keeps the phase's WAL for this (wal_keep_size); the report is read after every phase has run, so
// reading it costs no phase anything.
import type pg from "pg";
import { message } from "./harness";

export const walViewWanted = process.env.BENCH_WAL === "1";

/** Server settings that keep a whole run's WAL readable (an embedded server: another keeps what it keeps). */
export const walViewSettings = { wal_keep_size: "8GB" } as const;

interface RelationRow {
  relation: string;
  records: string;
  record_bytes: string;
  fpi_bytes: string;
  kinds: string;
}

interface ManagerRow {
  manager: string;
  records: string;
  bytes: string;
}

export interface WalView {
  /** The WAL between two positions, by relation and resource manager, per event. */
  report(label: string, from: string, to: string, events: number, limit?: number): Promise<string>;
}

/** The WAL view on `client`'s database, or why it is not available. */
export async function openWalView(client: pg.Client): Promise<WalView | { unavailable: string }> {
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
  } catch (error) {
    return { unavailable: `pg_walinspect is not usable on this server (${message(error)})` };
  }
  return {
    async report(label, from, to, events, limit = 14) {
      const perEvent = (bytes: number) => (bytes / Math.max(1, events)).toFixed(0).padStart(9);
      // A record is counted once, under its first block's relation (an update that moves a row to
      // another page names both pages); full-page images under each image's own relation. A TOAST
      // table is named after the table it belongs to.
      const { rows: relations } = await client.query<RelationRow>(
        `WITH blocks AS (SELECT * FROM pg_get_wal_block_info($1::pg_lsn, $2::pg_lsn, false)),
              named AS (
                SELECT b.*, coalesce(
                  (SELECT 'TOAST of ' || owner.relname FROM pg_class owner WHERE owner.reltoastrelid = pg_filenode_relation(b.reltablespace, b.relfilenode)),
                  pg_filenode_relation(b.reltablespace, b.relfilenode)::regclass::text,
                  'file ' || b.relfilenode) AS relation
                FROM blocks b)
         SELECT relation, count(*) FILTER (WHERE block_id = 0)::text AS records,
                coalesce(sum(record_length) FILTER (WHERE block_id = 0), 0)::text AS record_bytes,
                coalesce(sum(block_fpi_length), 0)::text AS fpi_bytes,
                string_agg(DISTINCT resource_manager || '/' || record_type, ' ') FILTER (WHERE block_id = 0) AS kinds
         FROM named GROUP BY relation ORDER BY sum(record_length) FILTER (WHERE block_id = 0) DESC NULLS LAST`,
        [from, to],
      );
      const { rows: managers } = await client.query<ManagerRow>(
        `SELECT "resource_manager/record_type" AS manager, count::text AS records, combined_size::text AS bytes
         FROM pg_get_wal_stats($1::pg_lsn, $2::pg_lsn, false) WHERE count > 0 ORDER BY combined_size DESC`,
        [from, to],
      );
      const total = managers.reduce((sum, row) => sum + Number(row.bytes), 0);
      const lines = relations.slice(0, limit).map((row) =>
        [
          (Number(row.records) / Math.max(1, events)).toFixed(2).padStart(8),
          perEvent(Number(row.record_bytes)),
          perEvent(Number(row.fpi_bytes)),
          `  ${row.relation.padEnd(40)} ${row.kinds ?? ""}`,
        ].join(""),
      );
      return [
        `${label}: ${(total / Math.max(1, events) / 1024).toFixed(1)} KB of WAL per event; by resource manager (bytes per event): ${managers
          .slice(0, 6)
          .map((row) => `${row.manager} ${(Number(row.bytes) / Math.max(1, events)).toFixed(0)}`)
          .join(", ")}`,
        `  records  bytes(*)   FPI(**)  relation (top ${limit} by record bytes; per event sent)`,
        ...lines,
        `  (*) records, with any full-page images in them, under their first block's relation; (**) full-page images by their own relation`,
      ].join("\n");
    },
  };
}

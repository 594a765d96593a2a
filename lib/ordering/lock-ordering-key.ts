// Takes the ordering-key lock of one delivery (waiting for an attempt of the key in flight to end),
// on the caller's transaction, before it touches the delivery: an operator's cancel, skip or retry
// is then ordered with the engine's attempts of the key (see ordering-sql.ts). Nothing for an
// unordered delivery. Take it before any row lock: an attempt holds it while it locks rows.
import type pg from "pg";
import { orderingLockSql } from "@/lib/ordering/ordering-sql";

export async function lockOrderingKey(client: Pick<pg.ClientBase, "query">, deliveryId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(${orderingLockSql("d")}) FROM deliveries d WHERE d.id = $1::uuid AND d.ordering_key IS NOT NULL`, [deliveryId]);
}

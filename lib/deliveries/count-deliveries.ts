// How many deliveries a filter selects (a bulk retry's total, the "Retry all N failed" button).
import { pool } from "@/lib/db";
import type { DeliveryFilter } from "@/lib/deliveries/delivery-filter";
import { deliveryConditions, whereClause } from "@/lib/deliveries/delivery-filter-sql";

export async function countDeliveries({ filter }: { filter: DeliveryFilter }): Promise<number> {
  const values: unknown[] = [];
  const conditions = deliveryConditions(filter, values);
  // The events join is only needed for the source filter.
  const join = filter.source ? "JOIN events e ON e.id = d.event_id" : "";
  const { rows } = await pool().query<{ count: string }>(`SELECT count(*) AS count FROM deliveries d ${join} ${whereClause(conditions)}`, values);
  return Number(rows[0]?.count ?? 0);
}

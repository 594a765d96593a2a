// The filter as SQL conditions on `deliveries d` joined to `events e`, with numbered parameters, and
// the keyset position (created_at desc, id desc) the list and the bulk retry page through.
import type { DeliveryFilter } from "@/lib/deliveries/delivery-filter";
import { isUuid } from "@/lib/ids";

export interface DeliveryPosition {
  createdAt: Date;
  id: string;
}

export function encodeDeliveryCursor(position: DeliveryPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString("base64url");
}

export function decodeDeliveryCursor(cursor: string): DeliveryPosition | null {
  const [time, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(time ?? "");
  if (rest.length > 0 || !id || !isUuid(id) || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}

/**
 * `conditions` to AND together; `values` gets the parameters appended (so callers may add their own
 * before or after). `after` restricts to positions older than it.
 */
export function deliveryConditions(filter: DeliveryFilter, values: unknown[], after?: DeliveryPosition | null): string[] {
  const add = (value: unknown) => `$${values.push(value)}`;
  const conditions: string[] = [];
  if (filter.status) conditions.push(`d.status = ${add(filter.status)}::"DeliveryStatus"`);
  if (filter.destination) conditions.push(`d.destination_id = ${add(filter.destination)}::uuid`);
  if (filter.source) conditions.push(`e.source_id = ${add(filter.source)}::uuid`);
  if (filter.response === "none") conditions.push("d.last_status IS NULL AND d.attempts > 0");
  else if (filter.response?.endsWith("xx")) {
    const low = Number(filter.response[0]) * 100;
    conditions.push(`d.last_status BETWEEN ${add(low)}::int AND ${add(low + 99)}::int`);
  } else if (filter.response) conditions.push(`d.last_status = ${add(Number(filter.response))}::int`);
  if (filter.from) conditions.push(`d.created_at >= ${add(filter.from)}::timestamptz`);
  if (filter.to) conditions.push(`d.created_at < ${add(filter.to)}::timestamptz`);
  if (after) conditions.push(`(d.created_at, d.id) < (${add(after.createdAt)}::timestamptz, ${add(after.id)}::uuid)`);
  return conditions;
}

export function whereClause(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
}

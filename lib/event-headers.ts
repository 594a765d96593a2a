// The codec of an event's headers column (events.headers), read by the event page and rule tests:
// the receiver stores the request's headers as a { lower-case name: value } object
// (lib/pipeline/ingest/record-headers.ts); they are read back through this schema. A row that does
// not parse throws StoredJsonError naming the event (lib/db-json.ts).
import { z } from "zod";
import { readStoredJson } from "@/lib/db-json";

export const EventHeaders = z.record(z.string(), z.string());
export type EventHeaders = z.infer<typeof EventHeaders>;

export function readEventHeaders(json: unknown, { eventId }: { eventId: string }): EventHeaders {
  return readStoredJson(EventHeaders, json, `events.headers of event ${eventId}`);
}

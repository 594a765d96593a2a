// Response shapes of /api/v1 that are not already a domain schema (those live with their domain,
// e.g. lib/sources/schema.ts). Used by the routes' mappers and by the OpenAPI document.
import { z } from "zod";
import { SCHEME_IDS } from "@/lib/signatures/types";

export const SourceListItem = z
  .object({
    id: z.uuid(),
    name: z.string(),
    key: z.string(),
    ingestUrl: z.string(),
    enabled: z.boolean(),
    scheme: z.enum(SCHEME_IDS),
    createdAt: z.iso.datetime(),
    eventsLast24h: z.number().int(),
    rejectedLast24h: z.number().int(),
    lastReceivedAt: z.iso.datetime().nullable(),
  })
  .describe("A source in the list, with its traffic over the last 24 hours.");
export type SourceListItem = z.infer<typeof SourceListItem>;

export const RotatedSecret = z.object({
  secretId: z.uuid(),
  secret: z.string().describe("The new secret in plain text, shown this once."),
});

export const DeletedSource = z.object({
  id: z.uuid(),
  deletedEvents: z.number().int().describe("Events (with their routing history) deleted with the source."),
});

export const DestinationListItem = z
  .object({
    id: z.uuid(),
    name: z.string(),
    url: z.string(),
    state: z.enum(["active", "paused"]),
    pausedReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
    backlog: z.number().int().describe("Deliveries waiting for an attempt (pending or retrying)."),
    succeededLast24h: z.number().int(),
    failedLast24h: z.number().int(),
  })
  .describe("A destination in the list, with its backlog and the last 24 hours' delivery outcomes.");
export type DestinationListItem = z.infer<typeof DestinationListItem>;

export const DeletedDestination = z.object({
  id: z.uuid(),
  deletedDeliveries: z.number().int().describe("Deliveries (with their attempts) deleted with the destination."),
});

export const ValidationIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])).describe("Where in the body, e.g. [\"ipAllowlist\", 0]."),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string().describe("Stable, documented per operation."),
    message: z.string().describe("For humans; may change."),
    details: z.array(ValidationIssue).optional().describe("For invalid_request: what is wrong, field by field."),
  }),
});

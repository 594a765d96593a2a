// API token inputs and the shape shown in the UI (and, later, the API). The token itself never
// appears here: it is returned once, by createApiToken.
import { z } from "zod";
import { ROLES } from "@/lib/access/roles";

export const ApiTokenCreateInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(100, "Use at most 100 characters"),
  /** What it may do; no higher than its owner's role (the owner's when left out). */
  role: z.enum(ROLES).optional(),
  /** `scrape` opens GET /metrics and nothing else. */
  kind: z.enum(["api", "scrape"]).default("api"),
});
export type ApiTokenCreateInput = z.input<typeof ApiTokenCreateInput>;

export const ApiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The token's first characters, to recognise it. */
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  status: z.enum(["active", "revoked"]),
  role: z.enum(ROLES),
  kind: z.enum(["api", "scrape"]),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;

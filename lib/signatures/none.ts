// No verification: every request is accepted. The registry marks it `verifies: false` so the UI
// and stored deliveries can say plainly that the sender was not authenticated.
import { z } from "zod";
import { genericEventType, genericSamplePayload } from "./common";
import type { SignatureScheme } from "./types";

export const noneOptionsSchema = z.object({}).prefault({});
export type NoneOptions = z.infer<typeof noneOptionsSchema>;

export const none: SignatureScheme<NoneOptions> = {
  id: "none",
  label: "None (unverified)",
  verifies: false,
  optionsSchema: noneOptionsSchema,
  usesTimestamp: false,
  secretOrigin: "either",
  secretHint: "No secret: anyone who knows this source's URL can post to it, and deliveries are marked unverified.",
  setupHelp: {
    headers: [],
    steps: [
      "Paste this source's URL into the sender's webhook settings.",
      "Nothing is verified: treat the URL itself as the secret and switch to a signing scheme as soon as the sender supports one.",
    ],
  },
  generateSecret: () => "",
  checkSecret: () => null,
  verify: () => ({ ok: true, secretIndex: null }),
  sign: () => ({}),
  dedupeKey: () => null,
  eventType: ({ json }) => genericEventType(json),
  samplePayload: genericSamplePayload,
};

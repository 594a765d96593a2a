// Per-key ordering of a destination's deliveries (HTTP or inbox). The key is a template over the
// event in the summary templates' syntax (lib/summaries/summary-template.ts): `{{ticket.id}}`,
// `{{headers.x-shop-domain}}`, `{{data.object.customer | data.object.id}}`. It is rendered once per
// delivery, at routing time; an empty render leaves that delivery unordered.
import { z } from "zod";
import { compileSummaryTemplate, SUMMARY_LIMITS } from "@/lib/summaries/summary-template";

/** The template; "" or null means unordered (stored as null). */
export const OrderingKeyTemplate = z
  .string()
  .trim()
  .max(SUMMARY_LIMITS.maxTemplateLength, `Use at most ${SUMMARY_LIMITS.maxTemplateLength} characters`)
  .superRefine((value, ctx) => {
    if (value === "") return;
    const { errors } = compileSummaryTemplate(value);
    for (const message of errors) ctx.addIssue({ code: "custom", message });
    if (errors.length === 0 && !value.includes("{{")) {
      ctx.addIssue({ code: "custom", message: "An ordering key needs at least one {{placeholder}}: a fixed text would put every delivery in one line" });
    }
  })
  .nullable()
  .transform((value) => (value === null || value === "" ? null : value))
  .describe(
    "A template over the event, e.g. {{ticket.id}} or {{headers.x-shop-domain}}: deliveries with the same rendered key go one at a time in receive order; an empty render leaves a delivery unordered. null (or \"\"): unordered.",
  );

export type OrderingKeyRenderer = (event: { payload: unknown; headers: Record<string, string> | null }) => string | null;

/** A destination's key renderer (compile once per batch): null when the template is empty or renders nothing. */
export function compileOrderingKey(template: string | null): OrderingKeyRenderer {
  if (!template) return () => null;
  const compiled = compileSummaryTemplate(template);
  return (event) => {
    const key = compiled.render({ body: event.payload, headers: event.headers });
    return key === null || key === "" ? null : key;
  };
}

/** A key that blocks later deliveries: its earliest open delivery is failing (retrying) or failed. */
export const BlockedKeyView = z.object({
  key: z.string().describe("The rendered ordering key."),
  deliveryId: z.uuid().describe("The delivery at the head of the key: the one the others wait for."),
  eventId: z.uuid(),
  eventSummary: z.string().nullable().describe("The head's event, named by its source's summary template (or its type)."),
  status: z.enum(["retrying", "failed"]).describe("retrying: it will be attempted again (nextAttemptAt); failed: out of attempts (or dead-lettered), the key waits until it is retried or skipped."),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  since: z.iso.datetime().describe("When the head's first attempt (or receive) began: the key has waited since then."),
  waiting: z.number().int().describe("Deliveries of the key waiting behind the head."),
});
export type BlockedKeyView = z.infer<typeof BlockedKeyView>;

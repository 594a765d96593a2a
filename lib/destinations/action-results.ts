// What the dashboard's destination actions answer (app/(dashboard)/destinations/actions.ts); the
// components that call them render these.
import type { TestDeliveryView } from "@/lib/destinations/schema";
import type { ActionResult, FormResult } from "@/lib/forms/form-result";

/** `secret`: the signing secret, shown once. */
export type CreateDestinationResult = FormResult<{ destinationId: string; secret: string }>;
export type UpdateDestinationResult = FormResult;
export type RotateDestinationSecretResult = FormResult<{ secret: string }>;
/** The custom headers in plain text, revealed on purpose. */
export type RevealHeadersResult = ActionResult<{ headers: Record<string, string> }>;
/** Pause, resume, probe. `message`: what to tell the operator (a resume says how long the waiting deliveries take). */
export type DestinationStateResult = ActionResult<{ message?: string }>;
/** The live URL check; `blockedAsPrivate`: the address is private and the destination may not reach private ones. */
export interface UrlCheckResult {
  ok: boolean;
  message: string;
  blockedAsPrivate: boolean;
  /** The address policy refuses it: saving is refused too (a name that does not resolve is only a warning). */
  refused: boolean;
}
/** "Send a test delivery": its outcome (an endpoint that is down is an outcome, `testDelivery.ok` false). */
export type SendTestDeliveryResult = ActionResult<{ testDelivery: TestDeliveryView }>;

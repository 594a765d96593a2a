"use server";
// Server actions for destinations. Each checks the session, reads its form with a lib/destinations
// reader, calls one lib function and answers with a lib/destinations/action-results.ts type.
import { revalidatePath } from "next/cache";
import { PermissionDeniedError } from "@/lib/access/permissions";
import { redirect } from "next/navigation";
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { startBulkOperation } from "@/lib/bulk-operations/start-bulk-operation";
import type { StartBulkRetryResult } from "@/lib/deliveries/action-results";
import type {
  CreateDestinationResult,
  DestinationStateResult,
  RevealHeadersResult,
  RotateDestinationSecretResult,
  SendTestDeliveryResult,
  UpdateDestinationResult,
  UrlCheckResult,
} from "@/lib/destinations/action-results";
import { checkDestinationUrl } from "@/lib/destinations/check-destination-url";
import { createDestination } from "@/lib/destinations/create-destination";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { pauseDestination } from "@/lib/destinations/pause-destination";
import { readDestinationForm } from "@/lib/destinations/read-destination-form";
import { DestinationUrlRefusedError } from "@/lib/destinations/refuse-unreachable-url";
import { readRotateDestinationSecretForm } from "@/lib/destinations/read-rotate-destination-secret-form";
import { requestProbe } from "@/lib/destinations/request-probe";
import { resumeDestination } from "@/lib/destinations/resume-destination";
import { resumedMessage } from "@/lib/destinations/resume-drain";
import { revealDestinationHeaders } from "@/lib/destinations/reveal-destination-headers";
import { HiddenHeaderError } from "@/lib/destinations/sealed-headers";
import { rotateDestinationSecret } from "@/lib/destinations/rotate-destination-secret";
import { toTestDeliveryView } from "@/lib/destinations/schema";
import { updateDestination } from "@/lib/destinations/update-destination";
import { formFailure, type FormFailure } from "@/lib/forms/form-result";
import { sendTestDelivery } from "@/lib/pipeline/dispatch/send-test-delivery";

const GONE = "This destination no longer exists.";

// Live check of the URL while the operator types: syntax, DNS and the address policy, without connecting.
export async function checkDestinationUrlAction(url: string, allowPrivateNetwork: boolean): Promise<UrlCheckResult> {
  const user = await requireUser();
  const denied = await permissionRefusal({ actor: actorOf(user), permission: "destination.manage" });
  if (denied) return { ok: false, message: denied.message, blockedAsPrivate: false, refused: false };
  const result = await checkDestinationUrl({ url: url.trim(), allowPrivateNetwork });
  const refused = !result.ok && result.kind === "blocked_address";
  return { ok: result.ok, message: result.message, blockedAsPrivate: refused && !allowPrivateNetwork, refused };
}

/** A refusal of the lib's that belongs on a field of the form, or null for anything else. */
function settingsRefusal(error: unknown): FormFailure | null {
  if (error instanceof PermissionDeniedError) return formFailure({ allowPrivateNetwork: error.message });
  if (error instanceof HiddenHeaderError) return formFailure({ headers: error.message });
  // The outbound policy refuses the URL: said on the field, nothing saved.
  if (error instanceof DestinationUrlRefusedError) return formFailure({ url: error.message });
  return null;
}

// The New destination form.
export async function createDestinationAction(form: FormData): Promise<CreateDestinationResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.manage" });
  if (refused) return refused;
  const read = readDestinationForm({ form, mode: "create" });
  if (!read.ok) return read;
  try {
    const { destination, secret } = await createDestination({ input: read.input, actor: actorOf(user) });
    revalidatePath("/destinations");
    return { ok: true, destinationId: destination.id, secret };
  } catch (error) {
    const refusal = settingsRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
}

// A destination's Settings form.
export async function updateDestinationAction(destinationId: string, form: FormData): Promise<UpdateDestinationResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.manage" });
  if (refused) return refused;
  const read = readDestinationForm({ form, mode: "update" });
  if (!read.ok) return read;
  let destination;
  try {
    destination = await updateDestination({ id: destinationId, input: read.input, actor: actorOf(user) });
  } catch (error) {
    const refusal = settingsRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
  if (!destination) return formFailure({}, GONE);
  revalidatePath(`/destinations/${destinationId}`);
  revalidatePath("/destinations");
  return { ok: true };
}

// "Reveal values" beside the custom headers: recorded in the audit log.
export async function revealDestinationHeadersAction(destinationId: string): Promise<RevealHeadersResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.reveal_headers" });
  if (refused) return refused;
  try {
    const headers = await revealDestinationHeaders({ id: destinationId, actor: actorOf(user) });
    return headers ? { ok: true, headers } : { ok: false, message: GONE };
  } catch (error) {
    if (error instanceof PermissionDeniedError) return { ok: false, message: error.message };
    throw error;
  }
}

// The Rotate signing secret form.
export async function rotateDestinationSecretAction(destinationId: string, form: FormData): Promise<RotateDestinationSecretResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.manage" });
  if (refused) return refused;
  const read = readRotateDestinationSecretForm({ form });
  if (!read.ok) return read;
  const rotated = await rotateDestinationSecret({ id: destinationId, input: read.input, actor: actorOf(user) });
  if (!rotated) return formFailure({}, GONE);
  revalidatePath(`/destinations/${destinationId}`);
  return { ok: true, secret: rotated.secret };
}

// Pause: deliveries wait until someone resumes.
export async function pauseDestinationAction(destinationId: string, reason: string): Promise<DestinationStateResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.operate" });
  if (refused) return refused;
  const trimmed = reason.trim().slice(0, 500);
  const destination = await pauseDestination({ id: destinationId, input: trimmed === "" ? {} : { reason: trimmed }, actor: actorOf(user) });
  if (!destination) return { ok: false, message: GONE };
  revalidatePath(`/destinations/${destinationId}`);
  revalidatePath("/destinations");
  return { ok: true };
}

// Resume: the waiting deliveries drain gradually.
export async function resumeDestinationAction(destinationId: string): Promise<DestinationStateResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.operate" });
  if (refused) return refused;
  const resumed = await resumeDestination({ id: destinationId, actor: actorOf(user) });
  if (!resumed) return { ok: false, message: GONE };
  revalidatePath(`/destinations/${destinationId}`);
  revalidatePath("/destinations");
  return { ok: true, message: resumedMessage(resumed.requeued, resumed.drainSeconds, resumed.circuitOpen) };
}

const PROBE_REFUSED = {
  destination_not_found: GONE,
  circuit_not_open: "The circuit has closed already: deliveries are flowing.",
  destination_paused: "The destination is paused: resume it, which probes at once.",
} as const;

// Probe now, while the circuit is open.
export async function probeDestinationAction(destinationId: string): Promise<DestinationStateResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.operate" });
  if (refused) return refused;
  const result = await requestProbe({ id: destinationId, actor: actorOf(user) });
  if (!result.ok) return { ok: false, message: PROBE_REFUSED[result.code] };
  revalidatePath(`/destinations/${destinationId}`);
  return { ok: true, message: "Probing now: one waiting delivery is being sent. This page follows the result." };
}

// Delete a destination (its name typed to confirm) and go back to the list.
export async function deleteDestinationAction(destinationId: string, confirmedName: string): Promise<{ ok: false; message: string }> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.manage" });
  if (refused) return refused;
  const { deleted, deletedDeliveries } = await deleteDestination({ id: destinationId, actor: actorOf(user) });
  if (!deleted) return { ok: false, message: GONE };
  revalidatePath("/destinations");
  redirect(`/destinations?${new URLSearchParams({ deleted: confirmedName.slice(0, 100), deliveries: String(deletedDeliveries) })}`);
}

// "Send a test delivery": one signed request now; the card shows its outcome.
export async function sendTestDeliveryAction(destinationId: string): Promise<SendTestDeliveryResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.operate" });
  if (refused) return refused;
  const result = await sendTestDelivery({ destinationId, actor: actorOf(user) });
  if (!result.ok) return { ok: false, message: GONE };
  revalidatePath(`/destinations/${destinationId}`);
  return { ok: true, testDelivery: toTestDeliveryView(result.testDelivery) };
}

// "Healthy again — retry its N failed?": a bulk retry of this destination's failed deliveries.
export async function retryFailedDeliveriesAction(destinationId: string): Promise<StartBulkRetryResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "delivery.retry" });
  if (refused) return refused;
  const started = await startBulkOperation({ kind: "retry", filter: { destination: destinationId }, actor: actorOf(user) });
  if (!started.ok) return { ok: false, message: GONE };
  return { ok: true, operationId: started.operation.id };
}

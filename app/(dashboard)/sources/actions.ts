"use server";
// Server actions for sources. Each checks the session, reads its form with a lib/sources reader,
// calls one lib function and answers with a lib/sources/action-results.ts type.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/forms/form-result";
import type { CreateSourceResult, RevealSecretResult, RotateSecretResult, SummaryPreviewResult, TestEventOutcome, ToggleResult, UpdateSourceResult } from "@/lib/sources/action-results";
import { previewSummaries } from "@/lib/summaries/preview-summaries";
import { checkSourceSecret } from "@/lib/sources/check-source-secret";
import { createSource } from "@/lib/sources/create-source";
import { deleteSource } from "@/lib/sources/delete-source";
import { readRotateSecretForm } from "@/lib/sources/read-rotate-secret-form";
import { readSourceForm } from "@/lib/sources/read-source-form";
import { revealSourceSecret } from "@/lib/sources/reveal-source-secret";
import { rotateSourceSecret } from "@/lib/sources/rotate-source-secret";
import { SourceUpdateInput } from "@/lib/sources/schema";
import { sendTestEvent, type TestEventResult } from "@/lib/sources/send-test-event";
import { sourceFormField } from "@/lib/sources/source-form-fields";
import { SourceSettingsError, updateSource } from "@/lib/sources/update-source";

const GONE = "This source no longer exists.";

// Live check of a pasted secret while the operator types (lib/signatures cannot run in the browser).
export async function checkSecretAction(schemeId: string, secret: string): Promise<{ warning: string | null }> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.secret" });
  if (refused) return { warning: refused.message };
  return { warning: checkSourceSecret({ schemeId, secret }) };
}

// The New source form.
export async function createSourceAction(form: FormData): Promise<CreateSourceResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.manage" });
  if (refused) return refused;
  const read = readSourceForm({ form, mode: "create" });
  if (!read.ok) return read;
  const created = await createSource({ input: read.input, actor: actorOf(user) });
  revalidatePath("/sources");
  return { ok: true, sourceId: created.source.id, secret: created.secret, generated: created.secret !== null && read.input.secret === undefined };
}

// A source's Settings form.
export async function updateSourceAction(sourceId: string, form: FormData): Promise<UpdateSourceResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.manage" });
  if (refused) return refused;
  const read = readSourceForm({ form, mode: "update" });
  if (!read.ok) return read;
  try {
    const source = await updateSource({ id: sourceId, input: read.input, actor: actorOf(user) });
    if (!source) return formFailure({}, GONE);
  } catch (error) {
    if (error instanceof SourceSettingsError) return formFailure({ [sourceFormField(error.field)]: error.message });
    throw error;
  }
  revalidatePath(`/sources/${sourceId}`);
  revalidatePath("/sources");
  return { ok: true };
}

// The summary template editor's live preview (rendered on the server, against stored events).
export async function previewSummaryAction(sourceId: string, template: string): Promise<SummaryPreviewResult> {
  await requireUser();
  if (typeof template !== "string") return { ok: false, message: "Invalid request." };
  const preview = await previewSummaries({ sourceId, template: template.slice(0, 10_000) });
  return preview ? { ok: true, preview } : { ok: false, message: GONE };
}

// Save the summary template.
export async function updateSummaryTemplateAction(sourceId: string, template: string): Promise<UpdateSourceResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.manage" });
  if (refused) return refused;
  const input = SourceUpdateInput.safeParse({ summaryTemplate: template });
  if (!input.success) return formFailure({ summaryTemplate: input.error.issues.map((issue) => issue.message).join(". ") });
  const source = await updateSource({ id: sourceId, input: input.data, actor: actorOf(user) });
  if (!source) return formFailure({}, GONE);
  revalidatePath(`/sources/${sourceId}`);
  revalidatePath("/events");
  return { ok: true };
}

// The Enable / Disable source switch.
export async function setSourceEnabledAction(sourceId: string, enabled: boolean): Promise<ToggleResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.manage" });
  if (refused) return refused;
  const input = SourceUpdateInput.safeParse({ enabled });
  if (!input.success) return { ok: false, message: "Invalid request." };
  const source = await updateSource({ id: sourceId, input: { enabled }, actor: actorOf(user) });
  if (!source) return { ok: false, message: GONE };
  revalidatePath(`/sources/${sourceId}`);
  revalidatePath("/sources");
  return { ok: true };
}

// The Rotate secret form.
export async function rotateSecretAction(sourceId: string, form: FormData): Promise<RotateSecretResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.secret" });
  if (refused) return refused;
  const read = readRotateSecretForm({ form });
  if (!read.ok) return read;
  let rotated: Awaited<ReturnType<typeof rotateSourceSecret>>;
  try {
    rotated = await rotateSourceSecret({ id: sourceId, input: read.input, actor: actorOf(user) });
  } catch (error) {
    if (error instanceof SourceSettingsError) return error.field === "secret" ? formFailure({ secret: error.message }) : formFailure({}, error.message);
    throw error;
  }
  if (!rotated) return formFailure({}, GONE);
  revalidatePath(`/sources/${sourceId}`);
  return { ok: true, secret: rotated.secret, generated: read.input.secret === undefined };
}

// Reveal one of a source's secrets (audited).
export async function revealSecretAction(sourceId: string, secretId: string): Promise<RevealSecretResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.secret" });
  if (refused) return refused;
  const secret = await revealSourceSecret({ sourceId, secretId, actor: actorOf(user) });
  return secret === null ? { ok: false, message: "This secret no longer exists." } : { ok: true, secret };
}

// Send a test event: a request signed like the provider's, to this server's own receiver.
export async function sendTestEventAction(sourceId: string): Promise<TestEventOutcome> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.test" });
  if (refused) return refused;
  let result: TestEventResult | null;
  try {
    result = await sendTestEvent({ sourceId });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Could not reach this server's own webhook listener (${reason}).` };
  }
  if (!result) return { ok: false, message: GONE };
  revalidatePath(`/sources/${sourceId}`);
  return { ok: true, result };
}

// Delete a source (its name typed to confirm) and go back to the list.
export async function deleteSourceAction(sourceId: string, confirmedName: string): Promise<{ ok: false; message: string }> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "source.manage" });
  if (refused) return refused;
  const { deleted, deletedEvents } = await deleteSource({ id: sourceId, actor: actorOf(user) });
  if (!deleted) return { ok: false, message: GONE };
  revalidatePath("/sources");
  redirect(`/sources?${new URLSearchParams({ deleted: confirmedName.slice(0, 100), events: String(deletedEvents) })}`);
}

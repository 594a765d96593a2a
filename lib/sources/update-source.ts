// Changes a source's settings. Changing the scheme keeps its secrets (a rotation replaces them), and
// moves a source still named by its old provider's preset to the new provider's. A new summary
// template counts as a new summary version: reads name older events with it at once, and a
// refresh job (sent in the same transaction) renames the stored ones for the events search.
import type { Actor } from "@/lib/audit/actor";
import { describeChanges } from "@/lib/audit/changed-fields";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SourceUpdateInput, type SourceView } from "@/lib/sources/schema";
import { UUID_PATTERN } from "@/lib/ids";
import { toSourceView } from "@/lib/sources/to-source-view";
import { parseSchemeOptions, schemeOptionKeys } from "@/lib/signatures/registry";
import { isSchemeId } from "@/lib/signatures/types";
import { sourceChanged } from "@/lib/sources/source-changes";
import { inTransaction } from "@/lib/queue";
import { summaryPresetFor } from "@/lib/summaries/presets";
import { enqueueSummaryRefresh } from "@/lib/summaries/refresh-event-summaries";

export class SourceSettingsError extends Error {
  constructor(public readonly field: string, message: string) {
    super(message);
    this.name = "SourceSettingsError";
  }
}

export async function updateSource({ id, input, actor }: { id: string; input: SourceUpdateInput; actor: Actor }): Promise<SourceView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const changes = SourceUpdateInput.parse(input);
  const view = await db().$transaction(async (tx) => {
    const current = await tx.source.findUnique({ where: { id } });
    if (!current) return null;
    // A new scheme with no options given must still get valid options for that scheme.
    if (changes.scheme && changes.scheme !== current.scheme && changes.schemeOptions === undefined) {
      const parsed = parseSchemeOptions(changes.scheme, {});
      if (!parsed.ok) throw new SourceSettingsError("schemeOptions", parsed.message);
      changes.schemeOptions = parsed.options as Record<string, unknown>;
    }
    if (changes.schemeOptions !== undefined && !changes.scheme) {
      const scheme = isSchemeId(current.scheme) ? current.scheme : "none";
      const known = schemeOptionKeys(scheme);
      const unknown = Object.keys(changes.schemeOptions).find((key) => !known.includes(key));
      if (unknown !== undefined) throw new SourceSettingsError("schemeOptions", `Unknown option "${unknown}" for the ${scheme} scheme: ${known.length > 0 ? `it takes ${known.join(", ")}` : "it takes none"}`);
      const parsed = parseSchemeOptions(scheme, changes.schemeOptions);
      if (!parsed.ok) throw new SourceSettingsError("schemeOptions", parsed.message);
      changes.schemeOptions = parsed.options as Record<string, unknown>;
    }
    if (changes.scheme && changes.scheme !== current.scheme && changes.summaryTemplate === undefined && current.summaryTemplate === summaryPresetFor(current.scheme).template) {
      changes.summaryTemplate = summaryPresetFor(changes.scheme).template;
    }
    const newTemplate = changes.summaryTemplate !== undefined && changes.summaryTemplate !== current.summaryTemplate;
    const strategy = changes.dedupeStrategy ?? current.dedupeStrategy;
    const field = changes.dedupeField !== undefined ? changes.dedupeField : current.dedupeField;
    if ((strategy === "header" || strategy === "json_path") && !field) {
      throw new SourceSettingsError("dedupeField", "This duplicate check needs a header name or JSON path");
    }
    const source = await tx.source.update({
      where: { id },
      data: { ...changes, schemeOptions: changes.schemeOptions as Prisma.InputJsonObject | undefined, ...(newTemplate ? { summaryVersion: { increment: 1 } } : {}) },
      include: { secrets: true },
    });
    if (newTemplate) await enqueueSummaryRefresh({ sourceId: id, db: inTransaction(tx) });
    // Switching it on or off is its own entry (the list's toggle); any other change is an update.
    const { fields, changes: described } = describeChanges(current, changes);
    const target = { type: "source", id, name: source.name } as const;
    if (fields.includes("enabled")) await recordAudit(tx, { actor, action: source.enabled ? "source.enabled" : "source.disabled", target });
    const updated = fields.filter((field) => field !== "enabled");
    delete described.enabled;
    if (updated.length > 0) await recordAudit(tx, { actor, action: "source.updated", target, details: { fields: updated, changes: described } });
    return toSourceView(source);
  });
  if (view) sourceChanged(id);
  return view;
}

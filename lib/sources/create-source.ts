// Creates a source with a fresh, unguessable ingest key and, for verifying schemes, its first
// secret: the one given, or a generated one where the operator chooses the secret. A scheme whose
// provider generates its own secret gets none until the provider's is pasted (a generated one
// could never match). The plaintext secret is returned once, here. Its events are named with the
// given summary template, or its provider's preset.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { generateSourceKey } from "@/lib/sources/generate-source-key";
import { SourceCreateInput, type SourceView } from "@/lib/sources/schema";
import { toSourceView } from "@/lib/sources/to-source-view";
import { getScheme } from "@/lib/signatures/registry";
import { sourceChanged } from "@/lib/sources/source-changes";
import { summaryPresetFor } from "@/lib/summaries/presets";

export async function createSource({ input, actor }: { input: SourceCreateInput; actor: Actor }): Promise<{ source: SourceView; secret: string | null }> {
  const { secret: givenSecret, summaryTemplate, ...settings } = SourceCreateInput.parse(input);
  const scheme = getScheme(settings.scheme);
  const secret = scheme.verifies ? (givenSecret ?? (scheme.secretOrigin === "either" ? scheme.generateSecret() : null)) : null;
  const source = await db().$transaction(async (tx) => {
    const created = await tx.source.create({
      data: {
        ...settings,
        schemeOptions: settings.schemeOptions as Prisma.InputJsonObject,
        summaryTemplate: summaryTemplate ?? summaryPresetFor(settings.scheme).template,
        key: generateSourceKey(),
        secrets: secret ? { create: { encrypted: encryptSecret(secret), hint: maskSecret(secret) } } : undefined,
      },
      include: { secrets: true },
    });
    await recordAudit(tx, {
      actor,
      action: "source.created",
      target: { type: "source", id: created.id, name: created.name },
      details: { scheme: created.scheme, secretGenerated: secret !== null && givenSecret === undefined, awaitingProviderSecret: scheme.verifies && secret === null },
    });
    return created;
  });
  sourceChanged(source.id);
  return { source: toSourceView(source), secret };
}

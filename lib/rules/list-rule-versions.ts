// A rule's history, newest first, each version with what changed from the one before it.
import { z } from "zod";
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import { readRuleContent } from "@/lib/rules/rule-codec";
import { diffRuleVersions, RuleChange } from "@/lib/rules/rule-diff";

export const RuleVersionView = z
  .object({
    version: z.number().int(),
    name: z.string(),
    enabled: z.boolean(),
    createdAt: z.iso.datetime(),
    createdBy: z.string().nullable().describe("The email of who saved it; null when unknown."),
    changes: z.array(RuleChange).describe("What changed from the previous version, in readable lines."),
  })
  .describe("One saved version of a rule.");
export type RuleVersionView = z.infer<typeof RuleVersionView>;

export async function listRuleVersions({ ruleId }: { ruleId: string }): Promise<RuleVersionView[]> {
  if (!isUuid(ruleId)) return [];
  const versions = (await db().ruleVersion.findMany({ where: { ruleId }, orderBy: { version: "asc" } })).map((row) =>
    readRuleContent(row, { table: "rule_versions", ruleId, version: row.version }),
  );
  const authors = new Map(
    (await db().user.findMany({ where: { id: { in: versions.flatMap((v) => (v.createdById ? [v.createdById] : [])) } }, select: { id: true, email: true } })).map((user) => [user.id, user.email]),
  );
  return versions
    .map((version, index) => ({
      version: version.version,
      name: version.name,
      enabled: version.enabled,
      createdAt: version.createdAt.toISOString(),
      createdBy: version.createdById ? (authors.get(version.createdById) ?? null) : null,
      changes: diffRuleVersions(versions[index - 1] ?? null, version),
    }))
    .reverse();
}

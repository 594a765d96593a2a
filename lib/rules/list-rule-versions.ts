// A rule's history, newest first, each version with what changed from the one before it.
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import { diffRuleVersions, type RuleChange } from "@/lib/rules/rule-diff";

export interface RuleVersionView {
  version: number;
  name: string;
  enabled: boolean;
  createdAt: string;
  createdBy: string | null;
  changes: RuleChange[];
}

export async function listRuleVersions({ ruleId }: { ruleId: string }): Promise<RuleVersionView[]> {
  if (!isUuid(ruleId)) return [];
  const versions = await db().ruleVersion.findMany({ where: { ruleId }, orderBy: { version: "asc" } });
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

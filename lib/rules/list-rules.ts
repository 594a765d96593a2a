// A source's rules in evaluation order; null when there is no such source.
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import type { RuleView } from "@/lib/rules/rule-view";
import { toRuleView } from "@/lib/rules/to-rule-view";

export async function listRules({ sourceId }: { sourceId: string }): Promise<RuleView[] | null> {
  if (!isUuid(sourceId)) return null;
  const source = await db().source.findUnique({
    where: { id: sourceId },
    select: { rules: { orderBy: [{ position: "asc" }, { createdAt: "asc" }] } },
  });
  return source ? source.rules.map(toRuleView) : null;
}

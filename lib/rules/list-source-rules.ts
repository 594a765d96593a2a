// A source's rules in evaluation order, or null when there is no such source (listRules alone
// cannot tell an unknown source from one without rules).
import { db } from "@/lib/db";
import { listRules } from "@/lib/rules/list-rules";
import type { RuleView } from "@/lib/rules/rule-input";
import { UUID_PATTERN } from "@/lib/ids";

export async function listSourceRules({ sourceId }: { sourceId: string }): Promise<RuleView[] | null> {
  if (!UUID_PATTERN.test(sourceId)) return null;
  const source = await db().source.findUnique({ where: { id: sourceId }, select: { id: true } });
  return source ? listRules({ sourceId }) : null;
}

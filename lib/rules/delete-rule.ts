import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";

export async function deleteRule({ ruleId }: { ruleId: string }): Promise<boolean> {
  if (!isUuid(ruleId)) return false;
  const { count } = await db().rule.deleteMany({ where: { id: ruleId } });
  return count === 1;
}

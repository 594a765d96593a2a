import { db } from "@/lib/db";

export async function deleteRule({ ruleId }: { ruleId: string }): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(ruleId)) return false;
  const { count } = await db().rule.deleteMany({ where: { id: ruleId } });
  return count === 1;
}

// Ends every session of a user, on every device, at their next request (the session version rises).
// API tokens are not sessions: they stay until revoked.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";

export async function signOutEverywhere({ userId, actor }: { userId: string; actor: Actor }): Promise<void> {
  await db().$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { email: true } });
    await recordAudit(tx, { actor, action: "user.signed_out_everywhere", target: { type: "user", id: userId, name: user.email } });
  });
}

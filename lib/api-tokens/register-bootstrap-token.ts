// Registers BOOTSTRAP_API_TOKEN for the first admin, so automation can use the API from the first
// start without anyone opening the UI. Idempotent and safe to run from several processes at once;
// a bootstrap token revoked in the UI stays revoked.
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { ConfigError } from "@/lib/env";
import { logger } from "@/lib/log";
import { apiTokenProblem, displayPrefix, hashApiToken } from "@/lib/api-tokens/token";

export const BOOTSTRAP_TOKEN_NAME = "Bootstrap token (BOOTSTRAP_API_TOKEN)";

export type BootstrapTokenResult = "not_configured" | "registered" | "already_registered" | "no_admin";

export async function registerBootstrapToken({ token }: { token: string | undefined }): Promise<BootstrapTokenResult> {
  if (token === undefined) return "not_configured";
  const problem = apiTokenProblem(token);
  if (problem) throw new ConfigError([`BOOTSTRAP_API_TOKEN ${problem} (generate one with: echo "swy_$(openssl rand -hex 32)")`]);
  const tokenHash = hashApiToken(token);
  if (await db().apiToken.findUnique({ where: { tokenHash }, select: { id: true } })) return "already_registered";
  const admin = await db().user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  if (!admin) return "no_admin";
  const created = await db().$transaction(async (tx) => {
    const { count } = await tx.apiToken.createMany({
      data: [{ userId: admin.id, name: BOOTSTRAP_TOKEN_NAME, tokenHash, prefix: displayPrefix(token), role: "admin" }],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    const row = await tx.apiToken.findUniqueOrThrow({ where: { tokenHash }, select: { id: true, prefix: true } });
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: "api_token.created",
      target: { type: "api_token", id: row.id, name: BOOTSTRAP_TOKEN_NAME },
      details: { prefix: row.prefix, userId: admin.id },
    });
    return true;
  });
  if (!created) return "already_registered";
  logger("api-tokens").info("registered BOOTSTRAP_API_TOKEN for the first admin", { userId: admin.id });
  return "registered";
}

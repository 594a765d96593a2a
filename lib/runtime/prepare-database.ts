// Brings a database up to date at start: Prisma migrations, pg-boss's schema and queues, the first
// admin from ADMIN_EMAIL/ADMIN_PASSWORD (or, without one, the set-up code in the log) and the
// BOOTSTRAP_API_TOKEN. Safe to run from several processes at once.
import { join } from "node:path";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { createBoss, ensureQueues } from "@/lib/queue";
import { registerBootstrapToken } from "@/lib/api-tokens/register-bootstrap-token";
import { applyMigrations } from "@/lib/runtime/migrate";
import { createConfiguredAdmin, SetupAlreadyDoneError } from "@/lib/users/create-first-admin";
import { issueSetupCode } from "@/lib/users/issue-setup-code";
import { needsSetup } from "@/lib/users/needs-setup";

const log = logger("prepare-database");

export async function prepareDatabase({ migrationsDir = join(process.cwd(), "prisma", "migrations") } = {}): Promise<void> {
  const { DATABASE_URL, APP_URL, ADMIN_EMAIL, ADMIN_PASSWORD, BOOTSTRAP_API_TOKEN } = env();
  const applied = await applyMigrations({ connectionString: DATABASE_URL, migrationsDir });
  if (applied.length > 0) log.info("database schema updated", { applied });

  const boss = createBoss({ connectionString: DATABASE_URL, role: "sender" });
  await boss.start();
  try {
    await ensureQueues(boss);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }

  if (ADMIN_EMAIL && ADMIN_PASSWORD && (await needsSetup())) {
    try {
      await createConfiguredAdmin({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      log.info("created the first admin from ADMIN_EMAIL", { email: ADMIN_EMAIL });
    } catch (error) {
      if (!(error instanceof SetupAlreadyDoneError)) throw error;
    }
  }

  // No admin yet (and none configured): whoever opens /setup must give this code, so the first
  // stranger to reach a fresh instance cannot claim it. Every start prints it until it is used.
  const setupCode = await issueSetupCode();
  if (setupCode !== null) {
    const setupUrl = new URL("/setup", APP_URL).toString();
    log.warn(`No administrator yet: open ${setupUrl} and enter the set-up code ${setupCode}`, { setupUrl, setupCode });
  }

  if ((await registerBootstrapToken({ token: BOOTSTRAP_API_TOKEN })) === "no_admin") {
    log.warn("BOOTSTRAP_API_TOKEN is set but no admin exists yet; it will be registered when the first admin is created");
  }
}

// Starts the product for the e2e run exactly as `npm start` does, on a fresh data directory (so the
// first-run set-up is exercised) and free ports. A DATABASE_URL, if set, must be on this machine; a
// fresh database is made on it for the run. The launcher's output is passed through, and the
// set-up code it prints is written to SETUP_CODE_FILE for the set-up spec, as an operator reads it.
// Single sign-on is configured against a real OpenID Connect provider started here on a loopback
// port (lib/testing/oidc-server.ts), with its test accounts, for e2e/sso.spec.ts.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { OIDC_PROVISIONED_DOMAIN } from "@/lib/testing/oidc-accounts";
import { startOidcServer } from "@/lib/testing/oidc-server";
import { createTestDatabase, freePort } from "@/lib/testing/test-database";
import { SETUP_CODE_FILE, setupCodeIn } from "./setup-code-file";

const port = process.env.E2E_PORT ?? "3210";
const dataDir = await mkdtemp(join(tmpdir(), "switchyard-e2e-"));
const oidc = await startOidcServer({ redirectUris: [`http://localhost:${port}/api/auth/callback/oidc`] });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: port,
  DATA_DIR: dataDir,
  EMBEDDED_PG_PORT: String(await freePort()),
  LOG_LEVEL: "warn",
  ADMIN_EMAIL: "",
  ADMIN_PASSWORD: "",
  // The circuit breaker opens after 20 s and 5 failures in a row (production: 60 s and 10), so a
  // spec can watch it open and close within a minute; still far longer than the bursts of failures
  // other specs cause, which must never open it.
  CIRCUIT_OPEN_AFTER_SECONDS: process.env.CIRCUIT_OPEN_AFTER_SECONDS ?? "20",
  CIRCUIT_MIN_FAILURES: process.env.CIRCUIT_MIN_FAILURES ?? "5",
  OIDC_ISSUER: oidc.issuer,
  OIDC_CLIENT_ID: oidc.clientId,
  OIDC_CLIENT_SECRET: oidc.clientSecret,
  OIDC_NAME: "Test IdP",
  OIDC_AUTO_PROVISION_DOMAINS: OIDC_PROVISIONED_DOMAIN,
  OIDC_DEFAULT_ROLE: "viewer",
};
delete env.APP_URL;
delete env.NEXTAUTH_URL;

let dropDatabase: (() => Promise<void>) | undefined;
if (process.env.DATABASE_URL) {
  const database = await createTestDatabase({ prefix: "switchyard_e2e" });
  env.DATABASE_URL = database.url;
  env.AUTH_SECRET ??= "e2e-".padEnd(40, "x");
  env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
  dropDatabase = () => database.drop();
}

rmSync(SETUP_CODE_FILE, { force: true });
mkdirSync(dirname(SETUP_CODE_FILE), { recursive: true });
const child = spawn(process.execPath, ["--import", "tsx", "bin/start.ts"], { stdio: ["inherit", "pipe", "pipe"], env });
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
] as const) {
  createInterface({ input: from, crlfDelay: Infinity }).on("line", (line) => {
    to.write(`${line}\n`);
    const code = setupCodeIn(line);
    if (code) writeFileSync(SETUP_CODE_FILE, code);
  });
}
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  void Promise.allSettled([dropDatabase?.(), rm(dataDir, { recursive: true, force: true }), oidc.close()]).finally(() => process.exit(code ?? 0));
});

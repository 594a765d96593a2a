// A throwaway PostgreSQL database for one test run: a fresh database on DATABASE_URL's server when
// that is set (refused unless it is on this machine), otherwise an embedded server in a temp dir.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** `settings`: server settings for an embedded server (a benchmark's diagnostics); DATABASE_URL's server keeps its own. */
export async function createTestDatabase({ prefix, settings }: { prefix: string; settings?: Record<string, string> }): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const url = new URL(serverUrl);
    if (!LOCAL_HOSTS.has(url.hostname)) {
      throw new Error(`Refusing to run tests against ${url.hostname}: DATABASE_URL must point at a server on this machine.`);
    }
    await ensureDatabase(serverUrl, name);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const server = await startEmbeddedPostgres({ dir: join(dir, "pg"), port: await freePort(), password: randomBytes(12).toString("hex"), ...(settings ? { settings } : {}) });
  return {
    url: server.url,
    async drop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `task` while the test run's database (DATABASE_URL) refuses every new connection and its
 * open ones are cut: the database gone away, with the server (and other databases) still up.
 * Connections are allowed again afterwards, whatever the task did.
 */
export async function whileDatabaseAway<T>(task: () => Promise<T>): Promise<T> {
  const databaseUrl = new URL(process.env.DATABASE_URL!);
  const database = decodeURIComponent(databaseUrl.pathname.slice(1));
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
    return await task();
  } finally {
    await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
    await admin.end();
  }
}

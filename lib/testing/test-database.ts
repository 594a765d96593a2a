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

export async function createTestDatabase({ prefix }: { prefix: string }): Promise<TestDatabase> {
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
  const server = await startEmbeddedPostgres({ dir: join(dir, "pg"), port: await freePort(), password: randomBytes(12).toString("hex") });
  return {
    url: server.url,
    async drop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// The one Prisma client per process, on @prisma/adapter-pg, and the pg pool under it (shared, so
// the hot ingest path can run its transaction on a plain pg connection). Cached on globalThis so
// Next's hot reload, and the two module graphs of bin/web.ts and Next's bundle, share one pool.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

const log = logger("db");

// A delivery attempt holds a connection for the length of its HTTP request, so the pool grows with
// the worker's concurrency; 20 is plenty for the web process.
function poolSize(): number {
  return Math.max(20, env().WORKER_CONCURRENCY * 2 + 4);
}

const globalForDb = globalThis as unknown as { switchyardPool?: pg.Pool; switchyardPrisma?: PrismaClient };

/** The pg pool; lazily created so importing this module never needs a configured database. */
export function pool(): pg.Pool {
  if (!globalForDb.switchyardPool) {
    const created = new pg.Pool({ connectionString: env().DATABASE_URL, max: poolSize(), application_name: "switchyard" });
    // An idle connection the server closes (restart, terminated backend) is dropped from the pool
    // and replaced on next use; without a listener, pg's 'error' event would end the process.
    created.on("error", (error) => log.warn("idle database connection lost", { error: error.message }));
    globalForDb.switchyardPool = created;
  }
  return globalForDb.switchyardPool;
}

export function db(): PrismaClient {
  globalForDb.switchyardPrisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForDb.switchyardPrisma;
}

/** Runs fn in a transaction on one pooled connection; rolls back if it throws. */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function disconnectDb(): Promise<void> {
  const { switchyardPrisma: prisma, switchyardPool: shared } = globalForDb;
  globalForDb.switchyardPrisma = undefined;
  globalForDb.switchyardPool = undefined;
  await prisma?.$disconnect();
  await shared?.end().catch(() => undefined);
}

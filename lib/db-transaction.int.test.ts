// withTransaction (lib/db.ts) on a real server: what a failed transaction leaves to the connection's
// next borrower. A session-level lock outlives ROLLBACK, so a transaction that takes them
// (`sessionLocks`, the delivery attempts' concurrency slots) and fails must not hand its connection
// back to the pool holding one.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, pool, withTransaction } from "@/lib/db";

// A two-int advisory key of this file's own.
const KEY = [917_331, 7];
let other: pg.Client;

beforeAll(async () => {
  other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
});

afterAll(async () => {
  await disconnectDb();
  await other.end();
});

/** Whether another session could take the key now (it lets go of it at once). */
async function keyIsFree(): Promise<boolean> {
  const { rows } = await other.query<{ taken: boolean }>("SELECT pg_try_advisory_lock($1::int, $2::int) AS taken", KEY);
  if (rows[0]!.taken) await other.query("SELECT pg_advisory_unlock($1::int, $2::int)", KEY);
  return rows[0]!.taken;
}

const alive = async (pid: number) => (await other.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount === 1;
const backend = (client: pg.ClientBase) => client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid").then(({ rows }) => rows[0]!.pid);

describe("withTransaction", () => {
  it("a session lock taken in a transaction survives its rollback: why sessionLocks exists", async () => {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_lock($1::int, $2::int)", KEY);
      await client.query("ROLLBACK");
      expect(await keyIsFree()).toBe(false);
      await client.query("SELECT pg_advisory_unlock($1::int, $2::int)", KEY);
      expect(await keyIsFree()).toBe(true);
    } finally {
      client.release();
    }
  });

  it("with sessionLocks, a transaction that fails holding one closes its connection, and the lock goes with it", async () => {
    let failedOn = 0;
    await expect(
      withTransaction(
        async (client) => {
          failedOn = await backend(client);
          await client.query("SELECT pg_advisory_lock($1::int, $2::int)", KEY);
          throw new Error("the request's bookkeeping failed (test)");
        },
        { sessionLocks: true },
      ),
    ).rejects.toThrow("(test)");
    // The connection is closed without waiting for the server: its backend goes a moment later.
    while (await alive(failedOn)) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await keyIsFree()).toBe(true);
  });

  it("with sessionLocks, a transaction that succeeds (having released its locks) keeps its connection for the next", async () => {
    const first = await withTransaction(
      async (client) => {
        await client.query("SELECT pg_advisory_lock($1::int, $2::int)", KEY);
        await client.query("SELECT pg_advisory_unlock($1::int, $2::int)", KEY);
        return backend(client);
      },
      { sessionLocks: true },
    );
    expect(await alive(first)).toBe(true);
    expect(await keyIsFree()).toBe(true);
  });

  it("without sessionLocks, a failed transaction rolls back and its connection stays pooled", async () => {
    let failedOn = 0;
    await expect(
      withTransaction(async (client) => {
        failedOn = await backend(client);
        await client.query("SELECT 1/0");
      }),
    ).rejects.toThrow("division by zero");
    expect(await alive(failedOn)).toBe(true);
    expect(await withTransaction(async (client) => (await client.query<{ n: number }>("SELECT 2 AS n")).rows[0]!.n)).toBe(2);
  });

  it("a connection cut mid-transaction fails it, is not pooled again, and the next transaction runs on a new one", async () => {
    let cut = 0;
    await expect(
      withTransaction(async (client) => {
        cut = await backend(client);
        await other.query("SELECT pg_terminate_backend($1)", [cut]);
        await client.query("SELECT 1");
      }),
    ).rejects.toThrow();
    const next = await withTransaction((client) => backend(client));
    expect(next).not.toBe(cut);
  });
});

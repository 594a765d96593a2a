// Sessions for tests of destinations' concurrency slots (lib/pipeline/dispatch/destination-limits.ts):
// pooled connections that are closed, never pooled again, after each test (one that failed half-way
// may hold a session lock), and a connection of the test's own that sees which slots are free.
import pg from "pg";
import { afterAll, afterEach, beforeAll } from "vitest";
import { disconnectDb, pool } from "@/lib/db";

export function slotSessions() {
  let other: pg.Client;
  const borrowed: pg.PoolClient[] = [];

  beforeAll(async () => {
    other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
  });
  afterEach(() => {
    for (const client of borrowed.splice(0)) client.release(true);
  });
  afterAll(async () => {
    await other.end();
    await disconnectDb();
  });

  return {
    /** A pooled connection, closed after the test. */
    connection: async (): Promise<pg.PoolClient> => {
      const client = await pool().connect();
      borrowed.push(client);
      return client;
    },
    /** The slots another session could take right now (it lets go of them at once). */
    freeSlots: async (destinationId: string, maxConcurrency: number): Promise<number[]> => {
      const free: number[] = [];
      for (let slot = 0; slot < maxConcurrency; slot += 1) {
        const key = [`switchyard.destination-slot:${destinationId}`, slot];
        const { rows } = await other.query<{ taken: boolean }>("SELECT pg_try_advisory_lock(hashtext($1) & 2147483647, $2::int) AS taken", key);
        if (rows[0]!.taken) {
          free.push(slot);
          await other.query("SELECT pg_advisory_unlock(hashtext($1) & 2147483647, $2::int)", key);
        }
      }
      return free;
    },
  };
}

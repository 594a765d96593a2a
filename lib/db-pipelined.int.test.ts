// inPipelinedTransaction (lib/db.ts), routing's two-round-trip transaction, on a real server: it
// commits both round trips' statements together, and whatever fails, wherever it fails (the first
// statement, one sent with COMMIT, COMMIT itself, the caller's code between the round trips, or the
// connection cut between them), nothing it wrote stays and the next transaction runs normally. The
// same for inOneRoundTrip, the receiver's transaction of one round trip. And what goes out together
// leaves in one socket write, so that PostgreSQL reads it at once.
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, inOneRoundTrip, inPipelinedTransaction } from "@/lib/db";

const table = `pipeline_probe_${randomBytes(4).toString("hex")}`;
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  // `n` must be positive (a statement can fail on demand); `tag` is unique only at COMMIT.
  await admin.query(
    `CREATE TABLE ${table} (n int NOT NULL CHECK (n > 0), tag text, backend int NOT NULL, UNIQUE (tag) DEFERRABLE INITIALLY DEFERRED)`,
  );
});

afterAll(async () => {
  await disconnectDb();
  await admin.query(`DROP TABLE ${table}`);
  await admin.end();
});

/** Inserts a row (n, tag) and answers the backend's pid. */
function insert(n: number, tag: string | null = null): pg.QueryConfig {
  return {
    text: `INSERT INTO ${table} (n, tag, backend) VALUES ($1::int, $2::text, pg_backend_pid()) RETURNING backend`,
    values: [n, tag],
  };
}

async function rows(): Promise<number[]> {
  const { rows: found } = await admin.query<{ n: number }>(`SELECT n FROM ${table} ORDER BY n`);
  await admin.query(`TRUNCATE ${table}`);
  return found.map((row) => row.n);
}

/** How many times any socket wrote to the kernel while `run` ran (a write of several buffers counts once). */
async function socketWritesDuring(run: () => Promise<unknown>): Promise<number> {
  const prototype = net.Socket.prototype as unknown as Record<"_write" | "_writev", (...args: unknown[]) => unknown>;
  const original = { write: prototype._write, writev: prototype._writev };
  let writes = 0;
  prototype._write = function (this: unknown, ...args: unknown[]) {
    writes += 1;
    return original.write.apply(this, args);
  };
  prototype._writev = function (this: unknown, ...args: unknown[]) {
    writes += 1;
    return original.writev.apply(this, args);
  };
  try {
    await run();
  } finally {
    prototype._write = original.write;
    prototype._writev = original.writev;
  }
  return writes;
}

/** A transaction that commits, answering the pid of the backend it ran on. */
function succeeding(n: number): Promise<number> {
  return inPipelinedTransaction<{ backend: number }, number>(insert(n), ({ rows: [row] }) => ({ statements: [insert(n + 1)], result: row!.backend }));
}

describe("inPipelinedTransaction", () => {
  it("commits the first statement with those sent with COMMIT, which can use its result", async () => {
    const result = await inPipelinedTransaction<{ backend: number }, string>(insert(1), ({ rows: [row] }) => ({
      statements: [
        insert(2),
        {
          text: `INSERT INTO ${table} (n, backend) SELECT 3, backend FROM ${table} WHERE backend = $1::int AND n = 1`,
          values: [row!.backend],
        },
      ],
      result: "done",
    }));
    expect(result).toBe("done");
    expect(await rows()).toEqual([1, 2, 3]);
  });

  it("a failing first statement rolls back without running the rest, and the connection serves the next transaction", async () => {
    let called = false;
    await expect(
      inPipelinedTransaction(insert(-1), () => {
        called = true;
        return { statements: [], result: null };
      }),
    ).rejects.toMatchObject({ code: "23514" });
    expect(called).toBe(false);
    await succeeding(10);
    expect(await rows()).toEqual([10, 11]);
  });

  it("a statement sent with COMMIT failing rolls back the first one's write, on a connection that is then reused", async () => {
    let failedOn = 0;
    await expect(
      inPipelinedTransaction<{ backend: number }, null>(insert(1), ({ rows: [row] }) => {
        failedOn = row!.backend;
        return { statements: [insert(2), insert(-3), insert(4)], result: null };
      }),
    ).rejects.toMatchObject({ code: "23514" });
    expect(await rows()).toEqual([]);
    // Run one at a time, the pool hands out its idle connection: the one that failed, still healthy.
    expect(await succeeding(20)).toBe(failedOn);
    expect(await rows()).toEqual([20, 21]);
  });

  it("COMMIT itself failing (a deferred constraint) rejects with its error and keeps nothing", async () => {
    await expect(
      inPipelinedTransaction(insert(1, "same"), () => ({ statements: [insert(2, "same")], result: null })),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await rows()).toEqual([]);
  });

  it("the caller failing between the round trips rolls back", async () => {
    await expect(
      inPipelinedTransaction(insert(1), () => {
        throw new Error("the caller gave up");
      }),
    ).rejects.toThrow("the caller gave up");
    expect(await rows()).toEqual([]);
  });

  it("sends each of its two round trips in one socket write", async () => {
    await succeeding(1); // the pool's connection is open: no start-up messages below
    const writes = await socketWritesDuring(() =>
      inPipelinedTransaction(insert(3), () => ({ statements: [insert(4), insert(5)], result: null })),
    );
    expect(await rows()).toEqual([1, 2, 3, 4, 5]);
    expect(writes).toBe(2);
  });

  it("a connection cut between the round trips rejects, keeps nothing, and is not reused", async () => {
    let cut = 0;
    await expect(
      inPipelinedTransaction<{ backend: number }, null>(insert(1), async ({ rows: [row] }) => {
        cut = row!.backend;
        await admin.query("SELECT pg_terminate_backend($1::int)", [cut]);
        return { statements: [insert(2)], result: null };
      }),
    ).rejects.toThrow();
    expect(await rows()).toEqual([]);
    const next = await succeeding(30);
    expect(next).not.toBe(cut);
    expect(await rows()).toEqual([30, 31]);
  });
});

describe("inOneRoundTrip", () => {
  it("commits every statement, and answers each one's result in order", async () => {
    const answers = await inOneRoundTrip([insert(1), insert(2), { text: `SELECT count(*)::int AS n FROM ${table}` }]);
    expect(answers.map((answer) => answer.command)).toEqual(["INSERT", "INSERT", "SELECT"]);
    // The last statement saw the first two: one transaction, in order.
    expect(answers[2]!.rows).toEqual([{ n: 2 }]);
    expect(await rows()).toEqual([1, 2]);
  });

  it("a statement failing rolls back the ones before it, rejects with its own error, and the connection serves the next", async () => {
    await expect(inOneRoundTrip([insert(1), insert(-2), insert(3)])).rejects.toMatchObject({ code: "23514" });
    expect(await rows()).toEqual([]);
    await inOneRoundTrip([insert(4)]);
    expect(await rows()).toEqual([4]);
  });

  it("COMMIT itself failing (a deferred constraint) rejects with its error and keeps nothing", async () => {
    await expect(inOneRoundTrip([insert(1, "same"), insert(2, "same")])).rejects.toMatchObject({ code: "23505" });
    expect(await rows()).toEqual([]);
  });

  it("sends BEGIN, the statements and COMMIT in one socket write", async () => {
    await inOneRoundTrip([insert(1)]); // the pool's connection is open: no start-up messages below
    const writes = await socketWritesDuring(() => inOneRoundTrip([insert(2), insert(3), insert(4)]));
    expect(await rows()).toEqual([1, 2, 3, 4]);
    expect(writes).toBe(1);
  });

  it("the connection cut while its statements are in flight rejects, keeps nothing, and the next transaction runs", async () => {
    await expect(inOneRoundTrip([insert(2), { text: "SELECT pg_terminate_backend(pg_backend_pid())" }, insert(3)])).rejects.toThrow();
    expect(await rows()).toEqual([]);
    await inOneRoundTrip([insert(4)]);
    expect(await rows()).toEqual([4]);
  });
});

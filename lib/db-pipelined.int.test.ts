// The pipelined transactions of lib/db.ts on a real server: inOneRoundTrip (the receiver's and
// routing's commits) and inTransactionOpenedWith (a delivery attempt's transaction, whose first round
// trip is BEGIN with its opening statements). Each commits what it was given together, and whatever
// fails, wherever it fails (a statement, COMMIT itself, the caller's code, the connection cut), nothing
// it wrote stays and the next transaction runs normally.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, inOneRoundTrip, inTransactionOpenedWith } from "@/lib/db";

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

  it("the connection cut while its statements are in flight rejects, keeps nothing, and the next transaction runs", async () => {
    await expect(inOneRoundTrip([insert(2), { text: "SELECT pg_terminate_backend(pg_backend_pid())" }, insert(3)])).rejects.toThrow();
    expect(await rows()).toEqual([]);
    await inOneRoundTrip([insert(4)]);
    expect(await rows()).toEqual([4]);
  });
});

/** The backend pid an insert() answered. */
function backendOf(result: pg.QueryResult): number {
  return (result.rows[0] as { backend: number }).backend;
}

/** Counts the socket writes a pooled client makes from now on (net.Socket's _write and _writev: one each per write to the kernel). */
function countWrites(client: pg.PoolClient): { count: () => number } {
  const stream = (client as unknown as { connection: { stream: { _write: (...args: unknown[]) => unknown; _writev: (...args: unknown[]) => unknown } } }).connection.stream;
  let writes = 0;
  const write = stream._write.bind(stream);
  const writev = stream._writev.bind(stream);
  stream._write = (...args) => ((writes += 1), write(...args));
  stream._writev = (...args) => ((writes += 1), writev(...args));
  return { count: () => writes };
}

describe("inTransactionOpenedWith", () => {
  it("sends BEGIN and the opening statements in one write, hands their results to the callback and commits what it adds", async () => {
    // The pool hands the same idle connection out again: watch its writes from the first transaction on.
    let writes: { count: () => number } | undefined;
    const first = await inTransactionOpenedWith([insert(1)], (client, [opened]) => {
      writes = countWrites(client);
      return backendOf(opened!);
    });
    expect(await rows()).toEqual([1]);
    let afterOpening = 0;
    const answers = await inTransactionOpenedWith([insert(2), insert(3), { text: `SELECT count(*)::int AS n FROM ${table}` }], async (client, opened) => {
      afterOpening = writes!.count();
      await client.query(insert(4));
      return opened;
    });
    expect(backendOf(answers[0]!)).toBe(first);
    // The first transaction's COMMIT, then this one's BEGIN and three statements together.
    expect(afterOpening).toBe(2);
    expect(answers.map((answer) => answer.command)).toEqual(["INSERT", "INSERT", "SELECT"]);
    expect(answers[2]!.rows).toEqual([{ n: 2 }]);
    expect(await rows()).toEqual([2, 3, 4]);
  });

  it("an opening statement failing rejects with its own error before the callback runs, and keeps nothing", async () => {
    let called = false;
    await expect(
      inTransactionOpenedWith([insert(1), insert(-2)], () => {
        called = true;
      }),
    ).rejects.toMatchObject({ code: "23514" });
    expect(called).toBe(false);
    expect(await rows()).toEqual([]);
  });

  it("a connection cut after the opening rejects, keeps nothing, and is not reused", async () => {
    let cut = 0;
    await expect(
      inTransactionOpenedWith([insert(1)], async (client, [opened]) => {
        cut = backendOf(opened!);
        await admin.query("SELECT pg_terminate_backend($1::int)", [cut]);
        await client.query(insert(2));
      }),
    ).rejects.toThrow();
    expect(await rows()).toEqual([]);
    const next = await inTransactionOpenedWith([insert(30)], (_client, [opened]) => backendOf(opened!));
    expect(next).not.toBe(cut);
    expect(await rows()).toEqual([30]);
  });

  it("the callback failing rolls back the opening's writes; with session locks its connection is closed, and the locks go with it", async () => {
    const key = 4_242_424;
    let backend = 0;
    await expect(
      inTransactionOpenedWith(
        [insert(1)],
        async (client, [opened]) => {
          backend = backendOf(opened!);
          await client.query("SELECT pg_advisory_lock($1::bigint)", [key]);
          throw new Error("the request failed");
        },
        { sessionLocks: true },
      ),
    ).rejects.toThrow("the request failed");
    expect(await rows()).toEqual([]);
    // The server ends a closed connection's backend a moment after the client goes.
    for (let tries = 0; tries < 100; tries += 1) {
      const { rows: alive } = await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1::int", [backend]);
      if (alive.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { rows: held } = await admin.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::int", [key]);
    expect(held).toEqual([]);
  });
});

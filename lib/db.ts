// The one Prisma client per process, on @prisma/adapter-pg, and the pg pool under it (shared with
// the plain pg reads and writes); beside it, a pipelined pool for the hot paths' transactions
// (inPipelinedTransaction, inOneRoundTrip), and a pool for the hot statements that find rows by key
// (lookupPool). Cached on globalThis so Next's hot reload, and the two module graphs of bin/web.ts
// and Next's bundle, share the pools.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { databaseOutage } from "@/lib/db-errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// A delivery attempt holds a connection for the length of its HTTP request, so the pool grows with
// the worker's concurrency; 20 is plenty for the web process.
function poolSize(): number {
  return Math.max(20, env().WORKER_CONCURRENCY * 2 + 4);
}

// A connection attempt to a server that does not answer at all (stopped VM, dropped packets) fails
// after this instead of hanging the caller; the request then gets its 503 while the DB is away.
const CONNECT_TIMEOUT_MS = 5000;

/**
 * How long a pooled connection may sit idle before it is closed (node-postgres closes after 10 s by
 * default). Every pool here grows in bursts and shrinks between them; closing after 10 s meant that
 * a steady 200 events/s opened connections all the time, each a new server process, an
 * authentication and cold caches, paid by whichever request needed it. Kept 5 minutes, bursts find
 * their connections still open (bench:routing prints the connections opened per phase). Also given
 * to pg-boss's pool (lib/queue.ts).
 */
export const POOL_IDLE_TIMEOUT_MS = 5 * 60_000;

const globalForDb = globalThis as unknown as {
  switchyardPool?: pg.Pool;
  switchyardPipelinedPool?: pg.Pool;
  switchyardLookupPool?: pg.Pool;
  switchyardPrisma?: PrismaClient;
};

// PostgreSQL restarting or failing over drops every connection. node-postgres then emits 'error'
// on the pool for an idle connection, and on the client itself for one that is checked out but
// between queries (a delivery holds its transaction open during the HTTP request): with no
// listener either one kills the process. Both are weather: the pool discards the broken
// connection, the caller's next query fails and its job or request is retried.
function createPool({ pipeline, options }: { pipeline: boolean; options?: string }): pg.Pool {
  const created = new pg.Pool({
    connectionString: env().DATABASE_URL,
    max: poolSize(),
    pipeline,
    ...(options ? { options } : {}),
    application_name: "switchyard",
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
  });
  created.on("error", (error) => databaseOutage().error(error, { where: "idle pool connection" }));
  created.on("connect", (client) => {
    databaseOutage().recovered();
    client.on("error", (error) => databaseOutage().error(error, { where: "pool connection" }));
  });
  return created;
}

/** The pg pool; lazily created so importing this module never needs a configured database. */
export function pool(): pg.Pool {
  if (!globalForDb.switchyardPool) {
    const created = createPool({ pipeline: false });
    databaseOutage().probeWith(() => created.query("SELECT 1"));
    globalForDb.switchyardPool = created;
  }
  return globalForDb.switchyardPool;
}

/**
 * A second pool, whose connections pipeline (node-postgres `pipeline`): queries issued without
 * awaiting the previous one go out together and are answered in order. Only for
 * inPipelinedTransaction and inOneRoundTrip; Prisma and the rest keep the ordinary pool. Its
 * connections open as they are needed: as many as the receiver's batches in flight, and routing's
 * batches, at once.
 */
function pipelinedPool(): pg.Pool {
  globalForDb.switchyardPipelinedPool ??= createPool({ pipeline: true });
  return globalForDb.switchyardPipelinedPool;
}

/**
 * How every statement on a lookupPool connection is planned: with index scans and nested loops only,
 * and ONE generic plan per prepared statement, made on its first run (server settings for the
 * session, given when it starts). Never JIT-compiled: up to PostgreSQL 17 a plan that keeps a
 * disabled node (a scan of a tiny table with no usable index) costs 10^10, far past jit_above_cost,
 * and the compiled code is not kept with the plan, so a server built with LLVM (Debian's, the
 * official images) compiled such a statement on every call: routing's load took ~0.65 s a call on
 * Debian's PostgreSQL 15, and bench:scale's 1 web + 1 worker delivered 134-142 events/s (stop 49).
 * The embedded server has no JIT, so only a server like that shows it (lib/db-jit.int.test.ts).
 */
const LOOKUP_PLANNING = {
  enable_seqscan: "off",
  enable_hashjoin: "off",
  enable_mergejoin: "off",
  plan_cache_mode: "force_generic_plan",
  jit: "off",
} as const;

/** LOOKUP_PLANNING as a connection's startup options (node-postgres `options`). */
export const LOOKUP_SESSION_OPTIONS = Object.entries(LOOKUP_PLANNING)
  .map(([name, value]) => `-c ${name}=${value}`)
  .join(" ");

/**
 * The pool for the hot statements that find their rows by key (lookupStatement): routing's and
 * delivery's batch reads and writes, whose rows are named by id (an array of them) or reached through
 * an index from a row so named. For those, looking each row up in an index is the best plan at any
 * table size, so its connections plan nothing else (LOOKUP_PLANNING) and keep that plan prepared.
 *
 * Why a pool of its own: planned on each call, these statements spent 0.74-0.78 ms planning each
 * of the two batch loads, and ~0.9 ms of PostgreSQL's CPU an event went to planning at 200 events/s
 * (pg_stat_statements; perf: 17% of PostgreSQL's CPU), where batches hold an event or two. Kept
 * prepared with PostgreSQL's own choice, a generic plan made while the tables were nearly empty
 * scanned them whole long after they had grown (lib/db-plans.int.test.ts; routing's load took
 * 23.5 ms a call that way at 1,000 events/s). Everything else (Prisma, the UI's lists, reports)
 * keeps the ordinary planner, on the other pools.
 *
 * A generic plan never sees its parameters: a check that PostgreSQL can turn into a hashed subplan
 * (EXISTS over a table, correlated by equality alone) reads that table whole on every call. Write
 * it as a join; route-events.int.test.ts counts the rows routing's load reads.
 */
export function lookupPool(): pg.Pool {
  globalForDb.switchyardLookupPool ??= createPool({ pipeline: false, options: LOOKUP_SESSION_OPTIONS });
  return globalForDb.switchyardLookupPool;
}

export function db(): PrismaClient {
  globalForDb.switchyardPrisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForDb.switchyardPrisma;
}

/**
 * A hot statement, kept prepared on every pooled connection it runs on (node-postgres names it):
 * each call after the first skips parsing and, once PostgreSQL settles on a generic plan after 5
 * runs, planning. Only for statements whose best plan does not depend on how big the tables are
 * (inserts, writes by key, function scans): that generic plan is kept until the tables' statistics
 * change, and a fresh install runs minutes before its first autoanalyze. Joins and `= ANY` reads
 * over tables that grow are lookupStatements, on lookupPool. For fixed texts whose result columns
 * are listed explicitly: a prepared statement fails with "cached plan must not change result type"
 * if its output columns change under it.
 */
export function prepared(name: string, text: string): (values: unknown[]) => pg.QueryConfig {
  return (values) => ({ name, text, values });
}

/**
 * A hot statement for lookupPool's connections (run it nowhere else: planned on another connection,
 * it would get the ordinary planner's choice, see lookupPool). Prepared under a name derived from its
 * text, so it is parsed and planned once per connection. For fixed texts whose result columns are
 * listed explicitly, as prepared().
 */
export function lookupStatement(text: string): (values: unknown[]) => pg.QueryConfig {
  const name = statementName("lookup", text);
  return (values) => ({ name, text, values });
}

/** A prepared statement's name derived from its text: the same text, the same name, in every process. */
export function statementName(prefix: string, text: string): string {
  return `${prefix}-${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
}

export interface TransactionOptions {
  /**
   * The callback takes session-level locks, which outlive the transaction (even its rollback), and
   * releases them itself before it returns. If anything fails, the connection is closed rather than
   * pooled: the server then drops whatever it still holds, and no later borrower inherits a lock.
   */
  sessionLocks?: boolean;
  /** On a lookupPool connection: for transactions of lookupStatements. */
  lookups?: boolean;
}

/** Runs fn in a transaction on one pooled connection; rolls back if it throws (a connection that cannot is closed). */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>, { sessionLocks = false, lookups = false }: TransactionOptions = {}): Promise<T> {
  const client = await (lookups ? lookupPool() : pool()).connect();
  let reusable = true;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    const rolledBack = await client.query("ROLLBACK").then(
      () => true,
      () => false,
    );
    reusable = rolledBack && !sessionLocks;
    throw error;
  } finally {
    client.release(!reusable);
  }
}

/** Awaits every query sent together (a pipelined connection answers each), then throws the first failure. */
async function allAnswered(queries: Array<Promise<pg.QueryResult>>): Promise<pg.QueryResult[]> {
  const settled = await Promise.allSettled(queries);
  const failed = settled.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<pg.QueryResult>).value);
}

/**
 * One transaction in two round trips, for a hot write whose later statements need the first one's
 * answer (routing's deliveries, whose jobs name the deliveries it made): BEGIN goes out with `first`;
 * `then` turns first's result into the statements that follow (and the caller's result), and those
 * go out with COMMIT. Sent one at a time, the same transaction takes four round trips or more.
 * Rolls back if anything fails: a statement that fails aborts the transaction, the statements
 * behind it fail too, and COMMIT answers ROLLBACK. A connection that cannot even roll back is
 * closed rather than returned to the pool.
 */
export async function inPipelinedTransaction<Row extends pg.QueryResultRow, T>(
  first: pg.QueryConfig,
  then: (result: pg.QueryResult<Row>) => { statements: pg.QueryConfig[]; result: T } | Promise<{ statements: pg.QueryConfig[]; result: T }>,
): Promise<T> {
  return onPipelinedConnection(async (client) => {
    const [, firstResult] = await allAnswered(sentTogether(client, () => [client.query("BEGIN"), client.query<Row>(first)]));
    const { statements, result } = await then(firstResult as pg.QueryResult<Row>);
    committed(await allAnswered(sentTogether(client, () => [...statements.map((statement) => client.query(statement)), client.query("COMMIT")])));
    return result;
  });
}

/**
 * One transaction in ONE round trip, when every statement is known before any answer: BEGIN, the
 * statements and COMMIT go out together (inPipelinedTransaction's rules for failure and rollback).
 * Each statement's result, in order.
 */
export async function inOneRoundTrip(statements: pg.QueryConfig[]): Promise<pg.QueryResult[]> {
  return onPipelinedConnection(async (client) => {
    const answers = await allAnswered(sentTogether(client, () => [client.query("BEGIN"), ...statements.map((statement) => client.query(statement)), client.query("COMMIT")]));
    committed(answers);
    return answers.slice(1, -1);
  });
}

/**
 * Queries submitted together leave in ONE socket write. A pipelined connection sends each query the
 * moment it is submitted, one write apiece; PostgreSQL's server process would often read BEGIN
 * alone, answer it, sleep and wake again for the rest (strace at 200 events/s), and every write costs
 * this process a system call. Corked, the writes are gathered until `submit` returns.
 */
function sentTogether<T>(client: pg.PoolClient, submit: () => T): T {
  const socket = client.connection.stream;
  socket.cork();
  try {
    return submit();
  } finally {
    socket.uncork();
  }
}

/** Throws unless the last answer is COMMIT's: a transaction that failed at COMMIT answers ROLLBACK. */
function committed(answers: pg.QueryResult[]): void {
  if (answers.at(-1)!.command !== "COMMIT") throw new Error("PostgreSQL rolled the transaction back at COMMIT");
}

/** Runs a transaction on a pipelined connection: rolled back if it fails, and the connection closed if even that fails. */
async function onPipelinedConnection<T>(transaction: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pipelinedPool().connect();
  let reusable = true;
  try {
    return await transaction(client);
  } catch (error) {
    reusable = await client.query("ROLLBACK").then(
      () => true,
      () => false,
    );
    throw error;
  } finally {
    client.release(!reusable);
  }
}

export async function disconnectDb(): Promise<void> {
  const { switchyardPrisma: prisma, switchyardPool: shared, switchyardPipelinedPool: pipelined, switchyardLookupPool: lookups } = globalForDb;
  globalForDb.switchyardPrisma = undefined;
  globalForDb.switchyardPool = undefined;
  globalForDb.switchyardPipelinedPool = undefined;
  globalForDb.switchyardLookupPool = undefined;
  await prisma?.$disconnect();
  await Promise.all([shared, pipelined, lookups].flatMap((created) => (created ? [created.end().catch(() => undefined)] : [])));
}

// A DATABASE_URL over a Unix socket (?host=/var/run/postgresql, common with a distribution's
// PostgreSQL): a server that stopped cleanly removes its socket file, so connecting fails with
// ENOENT instead of ECONNREFUSED. That must read as "the database is away" (503, wait and retry),
// through pg and through Prisma's adapter alike, on a real server stopped here.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { freePort } from "@/lib/testing/test-database";

let dir: string;
let server: EmbeddedPostgres | undefined;
let socketUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "swy-sock-"));
  const password = randomBytes(12).toString("hex");
  const port = await freePort();
  server = await startEmbeddedPostgres({ dir: join(dir, "pg"), port, password, watchdog: false, settings: { unix_socket_directories: join(dir, "pg") } });
  socketUrl = `postgres://postgres:${password}@localhost:${port}/postgres?host=${encodeURIComponent(join(dir, "pg"))}`;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function failureOf(task: () => Promise<unknown>): Promise<unknown> {
  try {
    await task();
  } catch (error) {
    return error;
  }
  throw new Error("expected the task to fail");
}

describe("a database reached through a Unix socket", () => {
  it("answers while up, and once stopped its connect errors read as unavailable, through pg and Prisma", async () => {
    const client = new pg.Client({ connectionString: socketUrl });
    await client.connect();
    expect((await client.query<{ local: boolean }>("SELECT inet_client_addr() IS NULL AS local")).rows[0]!.local).toBe(true);
    await client.end();

    await server!.stop();
    server = undefined;

    const viaPg = await failureOf(async () => {
      const again = new pg.Client({ connectionString: socketUrl });
      await again.connect();
    });
    expect((viaPg as { code?: string }).code).toBe("ENOENT");
    expect(isDatabaseUnavailable(viaPg)).toBe(true);

    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: socketUrl }) });
    try {
      const viaPrisma = await failureOf(() => prisma.$queryRaw`SELECT 1`);
      expect((viaPrisma as { code?: string }).code).toBe("ENOENT");
      expect(isDatabaseUnavailable(viaPrisma)).toBe(true);
    } finally {
      await prisma.$disconnect();
    }
  }, 60_000);
});

// The one Prisma client per process, on @prisma/adapter-pg. Cached on globalThis so Next's hot
// reload in development does not open a new pool on every change.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

const globalForDb = globalThis as unknown as { switchyardPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 });
  return new PrismaClient({ adapter });
}

/** Lazily created so importing this module never needs a configured database. */
export function db(): PrismaClient {
  globalForDb.switchyardPrisma ??= createClient();
  return globalForDb.switchyardPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.switchyardPrisma?.$disconnect();
  globalForDb.switchyardPrisma = undefined;
}

// Prisma CLI configuration. The URL is read with process.env (not env()) so `prisma generate`
// works without a database configured.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

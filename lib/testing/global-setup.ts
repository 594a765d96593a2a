// Vitest global setup for integration tests: one throwaway database per run, migrated like a real
// start, with the configuration the app needs. Test workers inherit these variables.
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

let database: TestDatabase | undefined;

export async function setup() {
  database = await createTestDatabase({ prefix: "switchyard_test" });
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    APP_URL: "http://localhost:3999",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    ADMIN_EMAIL: "",
    ADMIN_PASSWORD: "",
  });
  const { prepareDatabase } = await import("@/lib/runtime/prepare-database");
  await prepareDatabase();
}

export async function teardown() {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await database?.drop();
}

// What a process closes last on its way out: the web app's job sender and the database pool (so
// PostgreSQL sees the sessions end cleanly rather than drop). Entry points call this instead of
// reaching for the database client themselves.
import { disconnectDb } from "@/lib/db";
import { stopSender } from "@/lib/queue";

export async function closeConnections(): Promise<void> {
  await Promise.allSettled([stopSender(), disconnectDb()]);
}

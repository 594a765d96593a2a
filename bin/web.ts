// The web process (`npm run web`): Next.js behind the plain node:http server of
// lib/runtime/create-web-server.ts (which serves the public receiver, POST /in/<key>, itself).
// Here: start-up, and draining connections on shutdown.
import next from "next";
import { env } from "@/lib/env";
import { stopLive } from "@/lib/live/live-listener";
import { logger } from "@/lib/log";
import { closeConnections } from "@/lib/runtime/close-connections";
import { announceReady } from "@/lib/runtime/node-process-unit";
import { prepareDatabase } from "@/lib/runtime/prepare-database";
import { onParentExit } from "@/lib/runtime/on-parent-exit";
import { createWebServer } from "@/lib/runtime/create-web-server";
import { reportStartupFailure } from "@/lib/runtime/report-startup-failure";
import { receiveSupervisorStatus } from "@/lib/runtime/supervisor-status";
import { warmUpPrisma } from "@/lib/runtime/warm-up-prisma";
import { whenDatabaseAvailable } from "@/lib/runtime/when-database-available";
import { startTracing } from "@/lib/tracing/start-tracing";

const log = logger("web");
const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = env();
  const dev = process.argv.includes("--dev");
  // next-auth builds its redirects and callback URLs from NEXTAUTH_URL: the public address is APP_URL,
  // in every entry point (npm start, npm run dev and npm run web all run this file).
  process.env.NEXTAUTH_URL = config.APP_URL;
  // The all-in-one launcher prepares the database before starting us; alone, we do it ourselves.
  if (process.env.SWITCHYARD_DATABASE_PREPARED !== "1") await whenDatabaseAvailable({ task: () => prepareDatabase(), what: "preparing the database" });
  receiveSupervisorStatus();
  // Off unless OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; then the receiver's spans start here.
  const tracing = await startTracing({ role: "web" });

  // Listen before Next is ready: preparing it takes seconds on a busy machine, and the receiver
  // needs none of it, so a restarted web process takes webhooks again at once. Dashboard requests
  // that come meanwhile wait for Next.
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: config.PORT });
  const nextHandler = app.prepare().then(() => app.getRequestHandler());
  // Meanwhile Prisma compiles its query compiler (lib/runtime/warm-up-prisma.ts), which would otherwise
  // happen at the first dashboard request, under whatever load the receiver then has.
  void warmUpPrisma();
  const server = createWebServer({ fallback: async (request, response) => (await nextHandler)(request, response) });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  log.info("web listening", { url: config.APP_URL, port: config.PORT, host: config.HOST, tls: config.TLS_CERT_FILE !== undefined, dev });
  await nextHandler;
  announceReady();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping: draining connections", { signal });
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    // Live streams (/api/stream) never end by themselves: end them, then close the connections they leave idle.
    void stopLive().then(() => setTimeout(() => server.closeIdleConnections(), 250));
    server.close(() => {
      clearTimeout(force);
      void Promise.allSettled([app.close(), closeConnections(), tracing.stop()]).then(() => {
        log.info("web stopped");
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  onParentExit(() => shutdown("launcher exited"));
}

main().catch(reportStartupFailure("web"));

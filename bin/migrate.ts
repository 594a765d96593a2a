// `npm run migrate`: applies pending migrations and pg-boss's schema to DATABASE_URL, then exits.
// For deployments that run web and worker separately and migrate as a release step.
import { prepareDatabase } from "@/lib/runtime/prepare-database";
import { reportStartupFailure } from "@/lib/runtime/report-startup-failure";

await prepareDatabase().catch(reportStartupFailure("migrate"));
process.exit(0);

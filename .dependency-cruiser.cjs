// The import rules of the house, checked by `npm run lint` (scripts/check-architecture.ts runs
// dependency-cruiser with this file, then checks loops between folders). Arrows point down:
// app/ and worker/ → components/ and lib/ → the database; nothing below imports what is above it.
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-file-loops",
      comment: "Files that import each other in a loop (directly or through others).",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "components-not-to-app",
      comment: "components/ gets server actions as props and result types from lib/, never from a page folder.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "lib-only-down",
      comment: "lib/ is the bottom layer: it never imports routes, components, the worker or the entry points.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components|worker|bin|e2e|bench)/|^proxy\\.ts$" },
    },
    {
      name: "worker-not-to-web",
      comment: "The worker is its own process: it shares lib/ with the web app, nothing else.",
      severity: "error",
      from: { path: "^worker/" },
      to: { path: "^(app|components|bin)/" },
    },
    {
      name: "database-only-in-lib",
      comment: "Only lib/ talks to the database: the Prisma client, node-postgres and lib/db.ts stay inside it.",
      severity: "error",
      from: { path: "^(app|components|worker|bin|proxy\\.ts)", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^lib/db\\.ts$|^lib/generated/|node_modules/(pg|pg-pool|@prisma)/" },
    },
    {
      name: "test-support-only-in-tests",
      comment: "lib/testing/ (factories, fixtures, test servers) is for tests, benchmarks and e2e only.",
      severity: "error",
      from: { pathNot: "\\.test\\.tsx?$|^lib/testing/|^e2e/|^bench/|^scripts/|^vitest\\.config\\.ts$" },
      to: { path: "^lib/testing/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|\\.data|lib/generated/prisma/internal)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
  },
};

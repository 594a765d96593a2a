// `npm test`: unit and integration tests (vitest), then end-to-end tests (Playwright), then one
// closing line "N passed, N failed" over all of them. Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { stripVTControlCharacters } from "node:util";

// Not under test-results/: Playwright empties that folder when it starts.
const reports = "test-reports";
mkdirSync(reports, { recursive: true });
const vitestReport = join(reports, "vitest.json");
const playwrightReport = join(reports, "playwright.json");
const bin = (name: string) => join("node_modules", ".bin", name);

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const vitestCode = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
const playwrightCode = run(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
};
type PlaywrightSpec = { title: string; file: string; line: number; tests: { status: string; results: { error?: { message?: string } }[] }[] };
type PlaywrightSuite = { specs?: PlaywrightSpec[]; suites?: PlaywrightSuite[] };
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; suites: PlaywrightSuite[]; errors?: { message?: string }[] };

let passed = 0;
let failed = 0;
let skipped = 0;
// Named again at the very end: a CI log is often read from its tail, and vitest's own list of
// failures is printed before the whole end-to-end run.
const failures: string[] = [];
const firstLine = (text: string | undefined) => stripVTControlCharacters(text ?? "").split("\n").find((line) => line.trim() !== "")?.trim() ?? "";

if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, "utf8")) as VitestReport;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults) {
    const name = relative(process.cwd(), file.name);
    const failedTests = file.assertionResults.filter((test) => test.status === "failed");
    for (const test of failedTests) failures.push(`${name} > ${test.fullName}\n    ${firstLine(test.failureMessages[0])}`);
    if (file.status === "failed" && failedTests.length === 0) failures.push(`${name}\n    ${firstLine(file.message)}`);
  }
}
if (existsSync(playwrightReport)) {
  const report = JSON.parse(readFileSync(playwrightReport, "utf8")) as PlaywrightReport;
  passed += report.stats.expected;
  failed += report.stats.unexpected + report.stats.flaky;
  skipped += report.stats.skipped;
  const visit = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status !== "unexpected" && test.status !== "flaky") continue;
        const error = test.results.find((result) => result.error)?.error?.message;
        failures.push(`end-to-end ${spec.file}:${spec.line} > ${spec.title}${test.status === "flaky" ? " (flaky)" : ""}\n    ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites) visit(suite);
  // Errors outside any test: a spec that does not load, a global set-up that failed.
  for (const error of report.errors ?? []) failures.push(`end-to-end run\n    ${firstLine(error.message)}`);
}
const failedSuite = vitestCode !== 0 || playwrightCode !== 0;
if (failedSuite && failed === 0) failed = 1; // a runner that crashed before reporting still fails the run

if (failures.length > 0) console.log(`\nFailed:\n${failures.map((failure) => `  ${failure}`).join("\n")}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failedSuite ? 1 : 0);

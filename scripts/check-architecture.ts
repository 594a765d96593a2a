// `npm run lint` (second half): the house's import rules. dependency-cruiser resolves every import
// (tsconfig paths included) and checks the rules in .dependency-cruiser.cjs: no file loops, nothing
// importing upward, the database only in lib/. Then this script checks loops between FOLDERS, which
// no file-level rule sees (lib/a/x.ts → lib/b/y.ts and lib/b/z.ts → lib/a/w.ts is no file loop, yet
// the two folders each need the other). A folder here is an area: app/, worker/, bin/, a folder of
// components/, a folder of lib/ (each stage of lib/pipeline/ on its own), and each file at lib/'s
// root (db.ts, env.ts, …) on its own. Tests are left out: they may reach across as they need.
// Exit code 1 with every violation listed; 0 when the house is clean.
import { cruise, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseConfig from "dependency-cruiser/config-utl/extract-depcruise-config";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const ROOTS = ["app", "components", "lib", "worker", "bin", "proxy.ts"];
const TEST_FILE = /\.test\.tsx?$/;

/** The area a file belongs to, or null for what is not the product's (tests, generated code). */
export function areaOf(path: string): string | null {
  if (TEST_FILE.test(path) || path.startsWith("lib/generated/") || path.startsWith("node_modules/")) return null;
  const parts = path.split("/");
  if (parts[0] === "lib") {
    if (parts.length === 2) return path;
    if (parts[1] === "pipeline" && parts.length > 3) return parts.slice(0, 3).join("/");
    return parts.slice(0, 2).join("/");
  }
  if (parts[0] === "components" && parts.length > 2) return parts.slice(0, 2).join("/");
  return parts[0] ?? null;
}

/** Every loop in a directed graph (its strongly connected components of two or more nodes, or a node pointing at itself). */
export function loopsOf(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node)?.has(node)) loops.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return loops;
}

function describeViolation(violation: IViolation): string {
  const cycle = violation.cycle?.map((step) => step.name).join(" → ");
  return `${violation.rule.name}: ${violation.from} → ${violation.to}${cycle ? ` (loop: ${violation.from} → ${cycle})` : ""}`;
}

async function main(): Promise<number> {
  const configuration = await extractDepcruiseConfig("./.dependency-cruiser.cjs");
  const result = await cruise(ROOTS, { ...configuration.options, validate: true, ruleSet: configuration }, undefined, {
    tsConfig: extractTSConfig("tsconfig.json"),
  });
  const output = result.output as ICruiseResult;
  const problems = output.summary.violations.filter((violation) => violation.rule.severity === "error").map(describeViolation);

  const edges = new Map<string, Set<string>>();
  const examples = new Map<string, string>();
  for (const cruised of output.modules) {
    const from = areaOf(cruised.source);
    if (from === null) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    for (const dependency of cruised.dependencies) {
      const to = areaOf(dependency.resolved);
      if (to === null || to === from || dependency.coreModule) continue;
      edges.get(from)!.add(to);
      if (!examples.has(`${from}|${to}`)) examples.set(`${from}|${to}`, `${cruised.source} → ${dependency.resolved}`);
    }
  }
  for (const loop of loopsOf(edges)) {
    const members = new Set(loop);
    const ties = loop.flatMap((area) => [...(edges.get(area) ?? [])].filter((to) => members.has(to)).map((to) => `    ${examples.get(`${area}|${to}`)}`));
    problems.push(`folder-loop: ${loop.join(" ↔ ")}\n${ties.join("\n")}`);
  }

  if (problems.length === 0) {
    console.log(`architecture: ${output.summary.totalCruised} files, ${edges.size} areas, no loops, every import points down.`);
    return 0;
  }
  console.error(`architecture: ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((line) => `  ${line}`).join("\n")}`);
  return 1;
}

if (process.argv[1]?.endsWith("check-architecture.ts")) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

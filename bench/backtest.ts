// `npm run bench:backtest`: times lib/rules/backtest.ts over 100,000 stored events. On a throwaway
// database (createTestDatabase + the product's migrations via prepareDatabase) it seeds one source
// with ~1–2 KB support-desk ticket payloads in bulk (multi-row INSERT … SELECT FROM unnest, a few
// thousand rows per statement), then runs backtestRule for a 5-condition rule over limit 100,000:
// one warm-up and BENCH_RUNS timed runs. To split the time, it also times the same SELECT the
// backtest issues (through the same Prisma client) on its own, and a rule reading the same fields
// with the cheapest operator. The matched count is checked against the generator's own count.
// See bench/README.md.
//
// Exit code: 0 when the harness ran and the matched count is right (slow figures are reported, not
// failed); 1 on a harness error or a wrong count; 130 on Ctrl-C.
import pg from "pg";
import type { Action, ConditionGroup } from "@/lib/rules/schema";
import { createTestDatabase } from "@/lib/testing/test-database";
import {
  HarnessError,
  checkpoint,
  loadLine,
  machineLine,
  ms,
  nowMs,
  numberFromEnv,
  onCleanup,
  percentile,
  quick,
  runMain,
  setLibEnv,
  sortedNumbers,
  table,
} from "./lib/harness";

const AIM_MS = 2000;
const BATCH_ROWS = 5000;
const DATE_BOUND = "2025-03-01T00:00:00Z";

function readConfig() {
  return {
    events: Math.round(numberFromEnv("BENCH_EVENTS", quick ? 20_000 : 100_000)),
    runs: Math.round(numberFromEnv("BENCH_RUNS", quick ? 3 : 5)),
  };
}

// ─── seed data ───────────────────────────────────────────────────────────────────────────────────

/** Deterministic PRNG (mulberry32), so every run seeds the same events. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIORITIES = ["low", "normal", "normal", "high", "urgent"];
const SUBJECTS = [
  "Cannot log in after password reset",
  "Invoice shows the wrong VAT number",
  "Server room fire alarm keeps going off",
  "Refund request for order",
  "Feature request: export to CSV",
  "Printer on FIRE in the 3rd floor office",
  "Webhook deliveries delayed",
  "How do I change my billing email?",
  "Firewall blocks the mobile app",
  "Account locked",
];
const DOMAINS = ["example.com", "example.org", "customer.io", "Example.com", "mail.example.net", "acme.test"];
const TAGS = ["vip", "billing", "bug", "mobile", "enterprise", "trial", "escalated", "refund", "sla", "eu"];
const FIRST = ["ada", "grace", "linus", "margaret", "alan", "barbara", "ken", "radia", "dennis", "frances"];
const CHANNELS = ["email", "web", "chat", "phone", "api"];
const STATUSES = ["new", "open", "pending", "on-hold", "solved"];
const WORDS =
  "the customer reports that after the latest update the dashboard no longer loads and the export button returns an error please advise on next steps we have tried clearing the cache and signing in again".split(
    " ",
  );

interface Seeded {
  payload: string;
  receivedAt: string;
  eventType: string;
  matches: boolean;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** One support-desk ticket webhook, and whether the benchmark rule should match it. */
function ticketEvent(random: () => number, index: number, receivedAt: Date): Seeded {
  const priority = pick(random, PRIORITIES);
  const subject = `${pick(random, SUBJECTS)}${random() < 0.3 ? ` (#${100000 + index})` : ""}`;
  const email = `${pick(random, FIRST)}.${Math.floor(random() * 1000)}@${pick(random, DOMAINS)}`;
  const tags = TAGS.filter(() => random() < 0.15);
  const amount = Math.round(random() * 25000) / 100;
  const created = new Date(Date.parse("2024-09-01T00:00:00Z") + Math.floor(random() * 300 * 86_400_000));
  const description = Array.from({ length: 60 + Math.floor(random() * 140) }, () => pick(random, WORDS)).join(" ");
  const ticket = {
    id: 500000 + index,
    url: `https://support.example.com/api/v2/tickets/${500000 + index}.json`,
    subject,
    description,
    priority,
    status: pick(random, STATUSES),
    channel: pick(random, CHANNELS),
    requester: {
      id: 900000 + Math.floor(random() * 50000),
      name: `${pick(random, FIRST)} customer`,
      email,
      locale: random() < 0.7 ? "en-US" : "de-DE",
    },
    assignee: random() < 0.6 ? { id: 1000 + Math.floor(random() * 40), name: `${pick(random, FIRST)} agent` } : null,
    group: {
      id: 42 + Math.floor(random() * 5),
      name: pick(random, ["Tier 1", "Tier 2", "Billing", "Platform", "EMEA"]),
    },
    tags,
    amount,
    satisfaction_score: random() < 0.5 ? null : Math.floor(random() * 5) + 1,
    custom_fields: [
      { id: 360001, value: pick(random, ["web", "ios", "android"]) },
      { id: 360002, value: random() < 0.5 },
      { id: 360003, value: Math.floor(random() * 10) },
    ],
    created_at: created.toISOString(),
    updated_at: new Date(created.getTime() + Math.floor(random() * 5 * 86_400_000)).toISOString(),
  };
  const eventType = pick(random, ["ticket.created", "ticket.updated", "ticket.updated", "ticket.solved"]);
  const payload = JSON.stringify({ type: eventType, account: { id: 77, subdomain: "acme" }, ticket });
  // The rule below, in plain JavaScript (text operators are case-insensitive, `contains` on an array
  // is exact equality, `>` on ISO strings compares dates).
  const matches =
    (priority === "high" || priority === "urgent") &&
    subject.toLowerCase().includes("fire") &&
    email.toLowerCase().endsWith("@example.com") &&
    (tags.includes("vip") || amount > 100) &&
    created.getTime() > Date.parse(DATE_BOUND);
  return { payload, receivedAt: receivedAt.toISOString(), eventType, matches };
}

const RULE: ConditionGroup = {
  combinator: "and",
  rules: [
    { field: "body.ticket.priority", operator: "in", value: ["high", "urgent"] },
    { field: "body.ticket.subject", operator: "contains", value: "fire" },
    { field: "body.ticket.requester.email", operator: "endsWith", value: "@example.com" },
    {
      combinator: "or",
      rules: [
        { field: "body.ticket.tags", operator: "contains", value: "vip" },
        { field: "body.ticket.amount", operator: ">", value: 100 },
      ],
    },
    { field: "body.ticket.created_at", operator: ">", value: DATE_BOUND },
  ],
};

/** The same six fields (so the same projection), each with the cheapest operator. */
const TRIVIAL_RULE: ConditionGroup = {
  combinator: "and",
  rules: [
    "body.ticket.priority",
    "body.ticket.subject",
    "body.ticket.requester.email",
    "body.ticket.tags",
    "body.ticket.amount",
    "body.ticket.created_at",
  ].map((field) => ({ field, operator: "exists" as const })),
};

async function seed(
  client: pg.Client,
  sourceId: string,
  count: number,
): Promise<{ expectedMatches: number; bytes: number }> {
  const random = prng(20240601);
  const newest = Date.now() - 60_000;
  let expectedMatches = 0;
  let bytes = 0;
  for (let start = 0; start < count; start += BATCH_ROWS) {
    checkpoint();
    const rows = Array.from({ length: Math.min(BATCH_ROWS, count - start) }, (_, offset) => {
      const index = start + offset;
      // Newest first in index order, one event every ~2 s, so ORDER BY received_at DESC sees them all.
      return ticketEvent(random, index, new Date(newest - index * 2000));
    });
    for (const row of rows) {
      if (row.matches) expectedMatches++;
      bytes += Buffer.byteLength(row.payload);
    }
    await client.query(
      `INSERT INTO events (source_id, received_at, method, headers, content_type, body, body_size, payload, event_type, status, processed_at, verification)
       SELECT $1::uuid, t.received_at, 'POST', '{"content-type":"application/json","user-agent":"Zendesk Webhook"}'::jsonb,
              'application/json', convert_to(t.payload, 'UTF8'), octet_length(t.payload), t.payload::jsonb, t.event_type,
              'unmatched', t.received_at, '{"scheme":"none","verified":false}'::jsonb
         FROM unnest($2::timestamptz[], $3::text[], $4::text[]) AS t(received_at, payload, event_type)`,
      [sourceId, rows.map((row) => row.receivedAt), rows.map((row) => row.payload), rows.map((row) => row.eventType)],
    );
  }
  await client.query("ANALYZE events");
  return { expectedMatches, bytes };
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────────

interface Series {
  label: string;
  times: number[];
  matched?: number;
  evaluated?: number;
}

async function main(): Promise<number> {
  const config = readConfig();
  console.log("Switchyard backtest benchmark");
  console.log(machineLine());
  console.log(
    `rule: 5 conditions (priority in [high, urgent] AND subject contains "fire" AND requester.email endsWith "@example.com" AND (tags contains "vip" OR amount > 100) AND created_at > ${DATE_BOUND})`,
  );
  console.log(
    `over ${config.events.toLocaleString("en")} events, limit ${config.events.toLocaleString("en")}; 1 warm-up + ${config.runs} timed runs${quick ? " [BENCH_QUICK]" : ""}`,
  );

  const database = await createTestDatabase({ prefix: "switchyard_bench_backtest" });
  onCleanup("drop the test database", () => database.drop());
  await setLibEnv(database.url);

  // lib modules read the env set above, so they are imported only now.
  const { prepareDatabase } = await import("@/lib/runtime/prepare-database");
  const { createSource } = await import("@/lib/sources/create-source");
  const { backtestQuery, backtestRule } = await import("@/lib/rules/backtest");
  const { backtestChain } = await import("@/lib/rules/backtest-chain");
  const { createRule } = await import("@/lib/rules/create-rule");
  const { db, disconnectDb } = await import("@/lib/db");
  onCleanup("disconnect Prisma", () => disconnectDb());

  checkpoint();
  await prepareDatabase();
  const { source } = await createSource({ input: { name: "support desk (bench)", scheme: "none" }, actor: { id: null, label: "bench" } });

  const client = new pg.Client({ connectionString: database.url, application_name: "switchyard-bench-backtest" });
  await client.connect();
  onCleanup("close the seeding connection", () => client.end());
  const { rows: info } = await client.query<{ version: string; shared_buffers: string; work_mem: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem",
  );
  console.log(
    `database: PostgreSQL ${info[0]?.version ?? "?"} (shared_buffers ${info[0]?.shared_buffers ?? "?"}, work_mem ${info[0]?.work_mem ?? "?"})`,
  );

  process.stderr.write(`seeding ${config.events} events…\n`);
  const seedStarted = nowMs();
  const { expectedMatches, bytes } = await seed(client, source.id, config.events);
  const seedMs = nowMs() - seedStarted;
  const { rows: size } = await client.query<{ size: string }>(
    "SELECT pg_size_pretty(pg_total_relation_size('events')) AS size",
  );
  console.log(
    `seeded ${config.events.toLocaleString("en")} events in ${(seedMs / 1000).toFixed(1)} s (${Math.round(config.events / (seedMs / 1000)).toLocaleString("en")} rows/s, ` +
      `payload avg ${Math.round(bytes / config.events)} B; events table ${size[0]?.size ?? "?"}); the rule should match ${expectedMatches}`,
  );

  // The whole chain: three rules in order (the 5-condition rule tags and stops, then two more).
  const bench = { id: null, label: "bench" };
  const chainRules: Array<[string, ConditionGroup, Action[]]> = [
    ["Hot tickets", RULE, [{ type: "addTags", tags: ["hot"] }, { type: "stop" }]],
    ["Any with fields", TRIVIAL_RULE, [{ type: "addTags", tags: ["seen"] }]],
    ["High priority", { combinator: "and", rules: [{ field: "body.ticket.priority", operator: "=", value: "high" }] }, [{ type: "addTags", tags: ["high"] }]],
  ];
  for (const [name, conditions, actions] of chainRules) {
    const created = await createRule({ sourceId: source.id, actor: bench, input: { name, conditions, actions } });
    if (!created) throw new HarnessError(`could not create rule ${name}`);
  }

  const limit = config.events;
  // The very query backtestRule runs for the rule's fields.
  const { sql } = backtestQuery(["priority", "subject", "requester.email", "tags", "amount", "created_at"].map((path) => `body.ticket.${path}`));
  const series: Series[] = [
    { label: "backtestRule, 5-condition rule", times: [] },
    { label: "backtestRule, same fields, `exists` only", times: [] },
    { label: "its SELECT alone (same Prisma client)", times: [] },
    { label: "backtestChain, 3 rules (whole chain vs stored)", times: [] },
    { label: "backtestChain, draft of rule 3 in place (vs saved chain)", times: [] },
  ];
  const runBacktest = async (conditions: ConditionGroup, target: Series) => {
    const started = nowMs();
    const result = await backtestRule({ sourceId: source.id, input: { conditions, limit } });
    const elapsed = nowMs() - started;
    if (!result) throw new HarnessError("backtestRule found no source");
    target.matched = result.matched;
    target.evaluated = result.evaluated;
    return elapsed;
  };
  const runQuery = async (target: Series) => {
    const started = nowMs();
    const rows = await db().$queryRawUnsafe<unknown[]>(sql, source.id, limit);
    const elapsed = nowMs() - started;
    target.evaluated = rows.length;
    return elapsed;
  };

  // Interleaved, so a slow moment of the machine hits all three alike.
  const [full, trivial, query, chain, chainDraft] = series as [Series, Series, Series, Series, Series];
  const { listRules } = await import("@/lib/rules/list-rules");
  const third = (await listRules({ sourceId: source.id }))?.[2];
  if (!third) throw new HarnessError("the chain's third rule is missing");
  const draft = { ruleId: third.id, rule: { name: third.name, conditions: third.conditions, actions: [{ type: "addTags" as const, tags: ["high", "priority"] }] } };
  const runChainDraft = async () => {
    const started = nowMs();
    const result = await backtestChain({ sourceId: source.id, input: { limit, draft } });
    const elapsed = nowMs() - started;
    if (!result) throw new HarnessError("backtestChain found no source");
    chainDraft.evaluated = result.evaluated;
    chainDraft.matched = result.changedEvents;
    return elapsed;
  };
  const runChain = async () => {
    const started = nowMs();
    const result = await backtestChain({ sourceId: source.id, input: { limit } });
    const elapsed = nowMs() - started;
    if (!result) throw new HarnessError("backtestChain found no source");
    chain.evaluated = result.evaluated;
    chain.matched = result.outcomes.routed;
    return elapsed;
  };
  for (let run = 0; run <= config.runs; run++) {
    checkpoint();
    process.stderr.write(run === 0 ? "warm-up…\n" : `run ${run}/${config.runs}…\n`);
    const a = await runBacktest(RULE, full);
    const b = await runBacktest(TRIVIAL_RULE, trivial);
    const c = await runQuery(query);
    const d = await runChain();
    const e = await runChainDraft();
    if (run > 0) {
      chain.times.push(d);
      chainDraft.times.push(e);
      full.times.push(a);
      trivial.times.push(b);
      query.times.push(c);
    }
  }

  // Server-side execution of the SELECT, without transfer or decoding.
  const { rows: plan } = await client.query<{
    "QUERY PLAN": Array<{ "Execution Time": number; Plan: { "Node Type": string } }>;
  }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [source.id, limit]);
  const serverMs = plan[0]?.["QUERY PLAN"][0]?.["Execution Time"];

  const median = (values: number[]) => percentile(sortedNumbers(values), 0.5);
  const rows: string[][] = [["what", "min ms", "median ms", "max ms", "rows", "matched"]];
  for (const item of series) {
    const sorted = sortedNumbers(item.times);
    rows.push([
      item.label,
      ms(sorted[0]),
      ms(median(item.times)),
      ms(sorted[sorted.length - 1]),
      String(item.evaluated ?? "-"),
      item.matched === undefined ? "-" : String(item.matched),
    ]);
  }
  console.log("");
  console.log(table(rows));
  console.log("");
  const fullMedian = median(full.times);
  const queryMedian = median(query.times);
  const trivialMedian = median(trivial.times);
  console.log(
    `time split (medians): database query + row decoding ${ms(queryMedian)} ms (${((queryMedian / fullMedian) * 100).toFixed(0)}%), ` +
      `of which PostgreSQL executes ${ms(serverMs)} ms (EXPLAIN ANALYZE); ` +
      `the rest, building contexts + evaluating, ${ms(fullMedian - queryMedian)} ms (${(((fullMedian - queryMedian) / fullMedian) * 100).toFixed(0)}%; ` +
      `of it the 5-condition rule over the \`exists\`-only one: ${ms(fullMedian - trivialMedian)} ms)`,
  );
  const within = fullMedian < AIM_MS;
  console.log(
    `aim: a ${limit.toLocaleString("en")}-event backtest under ${AIM_MS} ms: median ${ms(fullMedian)} ms, ${within ? "MET" : "NOT MET"}` +
      (limit < 100_000 ? ` (this run uses ${limit.toLocaleString("en")} events; the aim is for 100,000)` : ""),
  );
  const correct = full.matched === expectedMatches && full.evaluated === limit;
  console.log(
    correct
      ? `matched count check passed: ${full.matched} of ${full.evaluated} evaluated, as the generator counted.`
      : `MATCHED COUNT CHECK FAILED: backtest matched ${full.matched} of ${full.evaluated}, the generator counted ${expectedMatches} of ${limit}.`,
  );
  const chainMedian = median(chain.times);
  console.log(
    `whole chain: median ${ms(chainMedian)} ms over ${limit.toLocaleString("en")} events (aim 1000 ms: ${chainMedian <= 1000 ? "MET" : "NOT MET"}); ` +
      `with a draft in place (two chains run per event): median ${ms(median(chainDraft.times))} ms. ` +
      `Its read is sliced over 2 connections and overlaps evaluation; the single-rule rows above are the same run's baseline.`,
  );
  console.log(loadLine());
  return correct ? 0 : 1;
}

runMain("bench:backtest", main);

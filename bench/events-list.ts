// `npm run bench:events`: times the events list (lib/events/list-events.ts) over 1,000,000 stored
// events. On a throwaway database (createTestDatabase + the product's migrations) it seeds five
// sources and their events in bulk, in SQL (INSERT … SELECT FROM generate_series, pseudo-random
// but deterministic: hashint4 of the row number), with the events table's secondary indexes and
// live-update trigger set aside during the load and rebuilt after it (the same definitions), then
// ANALYZE. Each event has a realistic JSON payload (data.customer.email, data.priority, items,
// amounts, text), a status, tags and routing fields set like routing sets them, and duplicates,
// spread over 30 days of received_at.
//
// Then, server-side (listEvents called directly, warm: BENCH_WARMUP runs, then BENCH_RUNS timed
// runs each, interleaved so a slow moment hits every series alike) it times one page of 50 for:
// the first page, a payload query on one customer's email, data.priority in (high, urgent), a
// status, a tag, a deep page (a cursor 90% down the table), and a few more filters; and prints
// median / p95 / max, plus each query's plan (the index it uses) and server execution time from
// EXPLAIN ANALYZE. Aim: every series under 200 ms.
//
// Exit code: 0 when the harness ran and every query answered what the data holds (slow figures are
// reported, not failed); 1 on a harness error or a wrong answer; 130 on Ctrl-C.
import pg from "pg";
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

const AIM_MS = 200;
const CHUNK_ROWS = 50_000;
const SOURCES = ["Stripe (bench)", "Zendesk (bench)", "GitHub (bench)", "Shopify (bench)", "Linear (bench)"];
const EVENT_TYPES = [
  ["invoice.paid", "charge.refunded", "customer.updated"],
  ["ticket.created", "ticket.updated", "ticket.solved"],
  ["issues.opened", "pull_request.closed", "push"],
  ["orders/create", "orders/paid", "refunds/create"],
  ["Issue.create", "Issue.update", "Comment.create"],
];
const LOREM =
  "The customer reports that after the latest update the dashboard no longer loads and the export button returns an error. " +
  "Please advise on next steps; we have tried clearing the cache, signing in again and using another browser. " +
  "Invoice 2024-118 shows the wrong VAT number and the billing contact changed last week. " +
  "The printer on the third floor is on fire again, facilities have been informed and the alarm keeps going off. " +
  "Refund requested for order 88123 because the parcel arrived damaged and the replacement is out of stock. " +
  "Feature request: export every report to CSV and schedule it weekly for the finance team in Berlin and Austin.";

function readConfig() {
  return {
    events: Math.round(numberFromEnv("BENCH_EVENTS", quick ? 20_000 : 1_000_000, { min: 1000 })),
    runs: Math.round(numberFromEnv("BENCH_RUNS", quick ? 5 : 20)),
    warmup: Math.round(numberFromEnv("BENCH_WARMUP", 2, { min: 0 })),
  };
}

// ─── seed ────────────────────────────────────────────────────────────────────────────────────────

/** A pseudo-random non-negative integer below n for row g.i, draw k (deterministic). */
const draw = (k: number, n: number) => `((hashint4(g.i * 131 + ${k})::bigint & 2147483647) % ${n})`;
const sqlArray = (values: readonly string[]) =>
  `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ")}]`;

// One statement per chunk of rows [$1, $2] out of $3, newest first (row 1 is the most recent).
const SEED_SQL = `
  INSERT INTO events (source_id, received_at, method, headers, content_type, body, body_size, payload, status, processed_at,
                      event_type, verification, duplicate_count, last_duplicate_at, tags, routing)
  SELECT src.id, t.received_at, 'POST', '{"content-type":"application/json","user-agent":"bench"}'::jsonb, 'application/json',
         convert_to(t.payload::text, 'UTF8'), octet_length(t.payload::text), t.payload, t.status::"EventStatus",
         CASE WHEN t.status <> 'received' THEN t.received_at + interval '40 milliseconds' END,
         t.event_type, '{"scheme":"none","verified":false}'::jsonb, t.dups,
         CASE WHEN t.dups > 0 THEN t.received_at + interval '5 seconds' END,
         CASE WHEN t.status = 'routed' THEN t.tags ELSE '{}' END,
         CASE WHEN t.status = 'routed' THEN jsonb_build_object('team', t.team) ELSE '{}'::jsonb END
  FROM (
    SELECT g.i, ${draw(1, SOURCES.length)} AS source_n,
           now() - (g.i::float8 / $3) * interval '30 days' AS received_at,
           (('{${EVENT_TYPES.map((row) => `{${row.join(",")}}`).join(",")}}'::text[])[1 + ${draw(1, SOURCES.length)}][1 + ${draw(2, 3)}]) AS event_type,
           CASE WHEN ${draw(3, 100)} < 55 THEN 'routed' WHEN ${draw(3, 100)} < 85 THEN 'unmatched' WHEN ${draw(3, 100)} < 93 THEN 'ignored'
                WHEN ${draw(3, 100)} < 95 THEN 'failed' ELSE 'received' END AS status,
           CASE WHEN ${draw(4, 100)} < 2 THEN 1 + ${draw(5, 3)} ELSE 0 END AS dups,
           array_remove(ARRAY[CASE WHEN ${draw(6, 20)} = 0 THEN 'vip' END, CASE WHEN ${draw(7, 7)} = 1 THEN 'billing' END,
                              CASE WHEN ${draw(8, 100)} = 3 THEN 'escalated' END, CASE WHEN ${draw(9, 10)} = 4 THEN 'eu' END], NULL) AS tags,
           (${sqlArray(["billing", "support", "ops", "platform"])})[1 + ${draw(10, 4)}] AS team,
           jsonb_build_object(
             'id', 'evt_' || g.i,
             'type', (('{${EVENT_TYPES.map((row) => `{${row.join(",")}}`).join(",")}}'::text[])[1 + ${draw(1, SOURCES.length)}][1 + ${draw(2, 3)}]),
             'created', 1767225600 + g.i,
             'livemode', ${draw(11, 2)} = 0,
             'data', jsonb_build_object(
               'customer', jsonb_build_object(
                 'id', 'cus_' || ${draw(12, 200000)},
                 'email', 'user' || ${draw(12, 200000)} || '@' || (${sqlArray(["example.com", "example.org", "acme.test", "mail.example.net"])})[1 + ${draw(12, 200000)} % 4],
                 'name', (${sqlArray(["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Ken", "Radia"])})[1 + ${draw(13, 8)}] || ' Customer'),
               'priority', (${sqlArray(["low", "normal", "normal", "high", "urgent"])})[1 + ${draw(14, 5)}],
               'amount', ${draw(15, 100000)},
               'currency', (${sqlArray(["usd", "eur", "gbp"])})[1 + ${draw(16, 3)}],
               'items', (SELECT jsonb_agg(jsonb_build_object('sku', 'SKU-' || ((${draw(17, 5000)} + k * 7919) % 5000), 'qty', 1 + k)) FROM generate_series(0, ${draw(18, 3)}) AS k),
               'subject', substr($4::text, (1 + ${draw(19, 400)})::int, (40 + ${draw(20, 60)})::int),
               'description', substr($4::text, (1 + ${draw(21, 200)})::int, (150 + ${draw(22, 450)})::int),
               'metadata', jsonb_build_object('order', 'ord_' || ${draw(23, 1000000)}, 'channel', (${sqlArray(["web", "email", "api", "phone"])})[1 + ${draw(24, 4)}])
             )
           ) AS payload
    FROM generate_series($1::int, $2::int) AS g(i)
  ) t
  JOIN (SELECT id, (row_number() OVER (ORDER BY name)) - 1 AS n FROM sources WHERE name LIKE '% (bench)') src ON src.n = t.source_n`;

async function seed(client: pg.Client, count: number): Promise<void> {
  for (const name of SOURCES) {
    await client.query("INSERT INTO sources (name, key, updated_at) VALUES ($1, md5(random()::text), now())", [name]);
  }
  // Bulk load without the secondary indexes (rebuilt below from their own definitions) and without
  // the live-update trigger (a NOTIFY per row is pointless here).
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' AND indexname <> 'events_pkey'",
  );
  for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
  await client.query("ALTER TABLE events DISABLE TRIGGER events_live_inserted");
  const started = nowMs();
  for (let start = 1; start <= count; start += CHUNK_ROWS) {
    checkpoint();
    const end = Math.min(count, start + CHUNK_ROWS - 1);
    await client.query(SEED_SQL, [start, end, count, LOREM]);
    const done = end / count;
    process.stderr.write(
      `  seeded ${end.toLocaleString("en")} / ${count.toLocaleString("en")} (${Math.round(done * 100)}%, ${Math.round((nowMs() - started) / 1000)} s)\n`,
    );
  }
  await client.query("ALTER TABLE events ENABLE TRIGGER events_live_inserted");
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const index of indexes) {
    checkpoint();
    const indexStarted = nowMs();
    await client.query(index.indexdef);
    process.stderr.write(`  rebuilt ${index.indexname} (${((nowMs() - indexStarted) / 1000).toFixed(1)} s)\n`);
  }
  await client.query("ANALYZE events");
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────────

interface Series {
  label: string;
  run: () => Promise<number>;
  /** The SELECT it issues, for EXPLAIN. */
  query: { text: string; values: unknown[] };
  /** What a correct answer must satisfy (checked once). */
  check: (rows: number) => string | null;
  times: number[];
  rows: number;
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** "Index Scan events_status_received_at_id_idx" etc., outermost first, without the trivial nodes. */
function planSummary(plan: PlanNode): string {
  const parts: string[] = [];
  const walk = (node: PlanNode) => {
    if (
      !["Limit", "Result", "Subquery Scan"].includes(node["Node Type"]) &&
      !(node["Node Type"] === "Index Scan" && node["Index Name"] === "sources_pkey")
    ) {
      parts.push(node["Index Name"] ? `${node["Node Type"]} ${node["Index Name"]}` : node["Node Type"]);
    }
    (node.Plans ?? []).forEach(walk);
  };
  walk(plan);
  return parts.join(" > ");
}

async function main(): Promise<number> {
  const config = readConfig();
  console.log("Switchyard events list benchmark");
  console.log(machineLine());
  console.log(
    `${config.events.toLocaleString("en")} events; page size 50; ${config.warmup} warm-up + ${config.runs} timed runs per query${quick ? " [BENCH_QUICK]" : ""}`,
  );

  const database = await createTestDatabase({ prefix: "switchyard_bench_events" });
  onCleanup("drop the test database", () => database.drop());
  await setLibEnv(database.url);

  // lib modules read the env set above, so they are imported only now.
  const { prepareDatabase } = await import("@/lib/runtime/prepare-database");
  const { listEvents, listEventsQuery, encodeCursor } = await import("@/lib/events/list-events");
  const { countEvents } = await import("@/lib/events/count-events");
  const { disconnectDb } = await import("@/lib/db");
  onCleanup("disconnect the pool", () => disconnectDb());

  checkpoint();
  await prepareDatabase();
  const client = new pg.Client({ connectionString: database.url, application_name: "switchyard-bench-events" });
  await client.connect();
  onCleanup("close the seeding connection", () => client.end());
  const { rows: info } = await client.query<{ version: string; shared_buffers: string; work_mem: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem",
  );
  console.log(
    `database: PostgreSQL ${info[0]?.version ?? "?"} (shared_buffers ${info[0]?.shared_buffers ?? "?"}, work_mem ${info[0]?.work_mem ?? "?"})`,
  );

  process.stderr.write(`seeding ${config.events.toLocaleString("en")} events…\n`);
  const seedStarted = nowMs();
  await seed(client, config.events);
  const seedSeconds = (nowMs() - seedStarted) / 1000;
  const { rows: size } = await client.query<{ size: string; avg_payload: number }>(
    "SELECT pg_size_pretty(pg_total_relation_size('events')) AS size, (SELECT avg(body_size)::int FROM events) AS avg_payload",
  );
  console.log(
    `seeded in ${seedSeconds.toFixed(0)} s (with index rebuilds and ANALYZE); events table with indexes ${size[0]?.size ?? "?"}, body avg ${size[0]?.avg_payload ?? "?"} B`,
  );

  // Values that exist: one customer's email from the middle of the table, and a cursor 90% down.
  const { rows: picked } = await client.query<{ email: string; email_count: number }>(
    `WITH one AS (SELECT payload #>> '{data,customer,email}' AS email FROM events ORDER BY received_at DESC, id DESC OFFSET $1 LIMIT 1)
     SELECT one.email, (SELECT count(*)::int FROM events WHERE payload #>> '{data,customer,email}' = one.email) AS email_count FROM one`,
    [Math.floor(config.events / 2)],
  );
  const { rows: deep } = await client.query<{ received_at: Date; id: string }>(
    "SELECT received_at, id FROM events ORDER BY received_at DESC, id DESC OFFSET $1 LIMIT 1",
    [Math.floor(config.events * 0.9)],
  );
  const email = picked[0]?.email;
  const deepRow = deep[0];
  if (!email || !deepRow) throw new HarnessError("could not pick an email and a deep cursor from the seeded events");
  const emailCount = picked[0]!.email_count;
  const deepCursor = encodeCursor({ receivedAt: deepRow.received_at, id: deepRow.id });
  console.log(
    `payload query email: ${email} (in ${emailCount} events); deep cursor: the event at position ${Math.floor(config.events * 0.9).toLocaleString("en")}`,
  );

  const fullPage = (rows: number) => (rows === 50 ? null : `expected a full page of 50, got ${rows}`);
  const someRows = (rows: number) => (rows > 0 ? null : "expected some events, got none");
  const now = new Date();
  const listSeries = (
    label: string,
    options: Parameters<typeof listEvents>[0],
    check: (rows: number) => string | null = fullPage,
  ): Series => ({
    label,
    query: listEventsQuery({ ...options, now }),
    check,
    times: [],
    rows: 0,
    run: async () => (await listEvents({ ...options, now })).events.length,
  });
  const series: Series[] = [
    listSeries("first page, no filter", {}),
    listSeries(
      `where: body.data.customer.email = <one customer>`,
      { filter: { where: `body.data.customer.email = ${JSON.stringify(email)}` } },
      (rows) =>
        rows === Math.min(50, emailCount)
          ? null
          : `expected ${Math.min(50, emailCount)} events with that email, got ${rows}`,
    ),
    listSeries("where: body.data.priority in (high, urgent)", { filter: { where: 'body.data.priority in ("high", "urgent")' } }),
    listSeries("status: failed", { filter: { status: "failed" } }),
    listSeries("tag: vip", { filter: { tag: "vip" } }),
    listSeries("deep page (cursor 90% down), no filter", { before: deepCursor }),
    listSeries("status: duplicate (no index of its own)", { filter: { status: "duplicate" } }),
    listSeries("tag: escalated (rarer)", { filter: { tag: "escalated" } }),
    listSeries("routing: team=ops", { filter: { routing: "team=ops" } }),
    listSeries("event type + range 24h", { filter: { type: "ticket.created", range: "24h" } }, someRows),
    listSeries("where: body.data.items[0].sku = SKU-42", { filter: { where: 'body.data.items[0].sku = "SKU-42"' } }, someRows),
    listSeries("deep page + where priority in (high, urgent)", {
      before: deepCursor,
      filter: { where: 'body.data.priority in ("high", "urgent")' },
    }),
    listSeries(
      "where: email = <nobody> (no match)",
      { filter: { where: 'body.data.customer.email = "nobody@nowhere.test"' } },
      (rows) => (rows === 0 ? null : `expected none, got ${rows}`),
    ),
  ];
  // The events page also counts matches (capped at 10,000) for its replay button on filtered views.
  const { rows: priorities } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM events WHERE payload #>> '{data,priority}' IN ('high', 'urgent')",
  );
  const expectedCount = Math.min(10_000, priorities[0]?.n ?? 0);
  const capped: Series = {
    label: "page's capped count: priority in (high, urgent)",
    query: { text: "", values: [] },
    check: (count) => (count === expectedCount ? null : `expected ${expectedCount}, got ${count}`),
    times: [],
    rows: 0,
    run: () => countEvents({ filter: { where: 'body.data.priority in ("high", "urgent")' }, cap: 10_000, now }),
  };
  const all = [...series, capped];

  for (let run = 0; run < config.warmup + config.runs; run++) {
    checkpoint();
    if (run === 0) process.stderr.write("warm-up…\n");
    else if (run === config.warmup) process.stderr.write(`timing ${config.runs} runs…\n`);
    for (const item of all) {
      const started = nowMs();
      const rows = await item.run();
      const elapsed = nowMs() - started;
      item.rows = rows;
      if (run >= config.warmup) item.times.push(elapsed);
    }
  }

  const problems: string[] = [];
  const plans: string[] = [];
  const rows: string[][] = [["query", "rows", "median ms", "p95 ms", "max ms", "server ms"]];
  for (const item of all) {
    const problem = item.check(item.rows);
    if (problem) problems.push(`${item.label}: ${problem}`);
    let server = "-";
    let plan = "-";
    if (item.query.text) {
      const { rows: explained } = await client.query<{
        "QUERY PLAN": Array<{ "Execution Time": number; Plan: PlanNode }>;
      }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${item.query.text}`, item.query.values);
      const top = explained[0]?.["QUERY PLAN"][0];
      server = ms(top?.["Execution Time"]);
      plan = top ? planSummary(top.Plan) : "-";
    }
    const sorted = sortedNumbers(item.times);
    rows.push([
      item.label,
      String(item.rows),
      ms(percentile(sorted, 0.5)),
      ms(percentile(sorted, 0.95)),
      ms(sorted[sorted.length - 1]),
      server,
    ]);
    if (item.query.text) plans.push(`  ${item.label}: ${plan}`);
  }
  console.log("");
  console.log(table(rows));
  console.log("");
  console.log("plans (EXPLAIN ANALYZE of the same SELECT; 'server ms' above is its execution time):");
  console.log(plans.join("\n"));
  console.log("");
  const slow = all.filter((item) => percentile(sortedNumbers(item.times), 0.95) >= AIM_MS);
  console.log(
    `aim: every query under ${AIM_MS} ms: ${slow.length === 0 ? "MET (p95 of every series)" : `NOT MET for ${slow.map((item) => item.label).join("; ")}`}` +
      (config.events < 1_000_000
        ? ` (this run has ${config.events.toLocaleString("en")} events; the aim is for 1,000,000)`
        : ""),
  );
  if (problems.length > 0) console.log(`WRONG ANSWERS:\n  ${problems.join("\n  ")}`);
  console.log(loadLine());
  return problems.length === 0 ? 0 : 1;
}

runMain("bench:events", main);

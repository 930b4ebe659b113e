/**
 * Backlog drain benchmark (issue 3): N orders, each from a new customer, wait in the inbox; one worker process
 * (default WORKER_CONCURRENCY) sends them to the RetailCRM simulator, which allows 10 requests/s per key (503
 * beyond). Measured: the time from starting the worker until all N customers and N orders are in the CRM, against
 * the floor of (requests made ÷ 10) s and against the floor of the fewest requests the design needs.
 *
 *   npx tsx bench/drain/drain.bench.ts [--orders 10000] [--redis-db 10] [--timeout-s N]
 *
 * The backlog is stored as the webhook inbox stores it (WebhookEvent rows + one job each, deterministic ids): the
 * Shopify simulator records the customers/create and orders/create events of each checkout and keeps the
 * customers readable through its Admin GraphQL. The worker is workers/index.ts, as deployed. Fresh SQLite under
 * var/bench/drain/, Redis database 10 (claimed, emptied before and after). Results: bench/results/drain.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { loadConfig } from "../../app/config.server";
import { createDb } from "../../app/db.server";
import { encryptSecret } from "../../app/services/crypto";
import { addShopWithToken } from "../../app/services/shop-registry";
import { migrateDatabase } from "../../scripts/lib/database";
import { BENCH_REDIS_DATABASES, claimRedisDatabase } from "../../scripts/lib/redis-database";
import { createCrmSimulator } from "../../sim/retailcrm/index";
import { createShopifySimulator } from "../../sim/shopify/simulator";
import { createQueues, QUEUES, redisConnection } from "../../workers/queues";
import { createCheckoutsInShopify, storeEventsAsInbox } from "./backlog-seed";
import { auditCrmRequests, round } from "./crm-request-audit";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const WORK_DIR = join(REPO_ROOT, "var/bench/drain");
const RESULTS_PATH = join(REPO_ROOT, "bench/results/drain.json");
const SHOP = "drain-bench.myshopify.com";
const SITE = "drain-site";
const WORKER_KEY = "drain-worker-key";
const OBSERVER_KEY = "drain-observer-key";
const CRM_LIMIT_PER_SECOND = 10;
/** app/services/crm/rate-limiter.ts: one slot per (1 s + 50 ms margin) ÷ 10, so at most 10 requests per 1.05 s. */
const LIMITER_WINDOW_SECONDS = 1.05;
const UPLOAD_BATCH = 50;
const TARGET_RATIO = 1.25;
const API_SECRET = "drain-bench-secret";
const API_KEY = "drain-bench-api-key";

const { values: args } = parseArgs({
  options: {
    orders: { type: "string", default: "10000" },
    "redis-db": { type: "string", default: String(BENCH_REDIS_DATABASES.drain) },
    "timeout-s": { type: "string" },
  },
});
const ORDERS = Number(args.orders);
if (!Number.isInteger(ORDERS) || ORDERS < 1) throw new Error(`--orders takes a whole number of at least 1, got ${args.orders}`);
const WORKER_ENTRY = join(REPO_ROOT, "workers/index.ts");
const TIMEOUT_S = Number(args["timeout-s"] ?? Math.max(300, ORDERS * 0.3));

/**
 * The fewest requests the design allows for N new customers with N orders: per 50 customers one list by externalId
 * (100 fit, but batches are 50) and one upload; per customer one exact e-mail lookup (RetailCRM filters by one e-mail
 * only, and the issue asks for the e-mail match before creating); per 50 orders one list by externalId and one upload.
 */
function countIdealRequests(n: number): { total: number; parts: Record<string, number> } {
  const batches = Math.ceil(n / UPLOAD_BATCH);
  const parts = {
    "customers list by externalId": batches,
    "customers by e-mail": n,
    "customers upload": batches,
    "orders list by externalId": batches,
    "orders upload": batches,
  };
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

async function countInCrm(crmUrl: string, entity: "customers" | "orders"): Promise<number> {
  const response = await fetch(`${crmUrl}/api/v5/${entity}?limit=20`, { headers: { "X-API-KEY": OBSERVER_KEY } });
  if (!response.ok) return -1;
  const body = (await response.json()) as { pagination?: { totalCount?: number } };
  return body.pagination?.totalCount ?? -1;
}

function readProcessMemoryMb(pid: number | undefined): { rss: number; peak: number } | undefined {
  if (!pid) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(/^(\w+):\s+(\d+) kB$/m.exec(status.split("\n").find((line) => line.startsWith(`${name}:`)) ?? "")?.[2] ?? 0);
    return { rss: round(kb("VmRSS") / 1024, 1), peak: round(kb("VmHWM") / 1024, 1) };
  } catch {
    return undefined;
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  if ((await Promise.race([exited.then(() => "exited"), sleep(30_000).then(() => "timeout")])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

async function runBenchmark(): Promise<void> {
  await rm(WORK_DIR, { recursive: true, force: true });
  await mkdir(WORK_DIR, { recursive: true });
  const databaseUrl = `file:${join(WORK_DIR, "drain.sqlite")}`;
  const redisClaim = await claimRedisDatabase(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { index: Number(args["redis-db"]), holder: "the drain benchmark" });
  const config = loadConfig({ ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl, REDIS_URL: redisClaim.url });
  const crm = createCrmSimulator({ rateLimitPerSecond: CRM_LIMIT_PER_SECOND });
  const shopify = createShopifySimulator({ apiSecret: API_SECRET, apiKey: API_KEY, strict: false });
  let worker: ChildProcess | undefined;
  const db = createDb(databaseUrl);
  const queues = createQueues(redisConnection(redisClaim.url));
  try {
    const setupStarted = performance.now();
    await migrateDatabase(databaseUrl, { quiet: true });
    const crmUrl = await crm.listen();
    crm.addSite({ code: SITE, currency: "USD", countryIso: "US" });
    crm.addApiKey({ key: WORKER_KEY, sites: [SITE] });
    crm.addApiKey({ key: OBSERVER_KEY, sites: [SITE] });
    const shopifyUrl = await shopify.listen();
    const simShop = shopify.addShop(SHOP);
    // Installed the way `cli shop add` installs a shop, then connected without asking the CRM (the key is known good).
    await addShopWithToken({ db, sessionStorage: new PrismaSessionStorage(db) }, { shop: SHOP, accessToken: simShop.accessToken, scopes: ["read_customers", "read_orders"] });
    await db.shop.update({
      where: { domain: SHOP },
      data: { status: "connected", crmUrl, crmSite: SITE, crmApiKeyEnc: encryptSecret(WORKER_KEY, config.encryptionKey), connectedAt: new Date() },
    });

    const createStarted = performance.now();
    createCheckoutsInShopify(shopify, SHOP, ORDERS);
    const createSeconds = (performance.now() - createStarted) / 1000;
    const storeStarted = performance.now();
    const eventsByTopic = await storeEventsAsInbox(db, queues, shopify, SHOP);
    const storeSeconds = (performance.now() - storeStarted) / 1000;
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    console.log(
      `backlog: ${ORDERS} checkouts created in Shopify in ${createSeconds.toFixed(1)} s, ${Object.values(eventsByTopic).reduce((a, b) => a + b, 0)} events ` +
        `${JSON.stringify(eventsByTopic)} stored and queued in ${storeSeconds.toFixed(1)} s (setup ${setupSeconds.toFixed(1)} s)`,
    );

    const workerLog = createWriteStream(join(WORK_DIR, "worker.log"));
    const startedAt = Date.now();
    worker = spawn(process.execPath, ["--import", "tsx", WORKER_ENTRY], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: "test",
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisClaim.url,
        SHOPIFY_API_KEY: API_KEY,
        SHOPIFY_API_SECRET: API_SECRET,
        SHOPIFY_SIM_URL: shopifyUrl,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout?.pipe(workerLog);
    worker.stderr?.pipe(workerLog);

    let customers = 0;
    let orders = 0;
    let peakRssMb = 0;
    let doneAt: number | undefined;
    let lastPrint = 0;
    const deadline = startedAt + TIMEOUT_S * 1000;
    while (Date.now() < deadline && worker.exitCode === null) {
      await sleep(250);
      [customers, orders] = await Promise.all([countInCrm(crmUrl, "customers"), countInCrm(crmUrl, "orders")]);
      peakRssMb = Math.max(peakRssMb, readProcessMemoryMb(worker.pid)?.peak ?? 0);
      if (customers >= ORDERS && orders >= ORDERS) {
        doneAt = Date.now();
        break;
      }
      if (Date.now() - lastPrint > 15_000) {
        lastPrint = Date.now();
        const sent = crm.requests.filter((r) => r.apiKey === WORKER_KEY).length;
        console.log(`  ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${customers} customers, ${orders} orders in the CRM; ${sent} CRM requests`);
      }
    }
    const endedAt = doneAt ?? Date.now();
    // Let jobs still running finish their bookkeeping, then read the worker's peak before it exits.
    peakRssMb = Math.max(peakRssMb, readProcessMemoryMb(worker.pid)?.peak ?? 0);
    const workerExit = worker.exitCode;
    await stopProcess(worker);

    const requests = crm.requests.filter((r) => r.apiKey === WORKER_KEY && r.at <= endedAt);
    const audit = auditCrmRequests(requests, CRM_LIMIT_PER_SECOND);
    const snapshot = crm.snapshot();
    const crmCustomers = snapshot.customers.filter((c) => c.externalId).length;
    const crmOrders = snapshot.orders.filter((o) => o.externalId).length;
    const [eventStatuses, ledgerStates] = await Promise.all([
      db.webhookEvent.groupBy({ by: ["status"], _count: true }),
      db.syncRecord.groupBy({ by: ["entity", "state"], _count: true }),
    ]);
    const jobCounts = await queues.get(QUEUES.sync).getJobCounts("waiting", "active", "delayed", "completed", "failed");

    const totalSeconds = (endedAt - startedAt) / 1000;
    const ideal = countIdealRequests(ORDERS);
    const floors = {
      madeAt10PerSecond: audit.total / CRM_LIMIT_PER_SECOND,
      madeAtLimiterRate: (audit.total * LIMITER_WINDOW_SECONDS) / CRM_LIMIT_PER_SECOND,
      idealAt10PerSecond: ideal.total / CRM_LIMIT_PER_SECOND,
      idealAtLimiterRate: (ideal.total * LIMITER_WINDOW_SECONDS) / CRM_LIMIT_PER_SECOND,
    };
    const ratios = Object.fromEntries(Object.entries(floors).map(([name, floor]) => [name, round(totalSeconds / floor, 2)])) as Record<keyof typeof floors, number>;
    const drained = doneAt !== undefined;
    const report = {
      benchmark: "drain",
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((n) => round(n, 2)) },
      input: { orders: ORDERS, newCustomers: ORDERS, eventsByTopic, workerEntry: WORKER_ENTRY.replace(`${REPO_ROOT}/`, ""), workerConcurrency: config.workerConcurrency },
      setup: { seconds: round(setupSeconds, 1), createInShopifySeconds: round(createSeconds, 1), storeAndQueueSeconds: round(storeSeconds, 1) },
      drained,
      workerExitCode: workerExit,
      totalSeconds: round(totalSeconds, 1),
      workerStartToFirstCrmRequestSeconds: round((audit.firstAtMs - startedAt) / 1000, 1),
      lastCrmRequestToDoneSeconds: round((endedAt - audit.lastAtMs) / 1000, 1),
      inCrm: { customers: crmCustomers, orders: crmOrders },
      crmRequests: audit,
      idealRequests: ideal,
      floorsSeconds: Object.fromEntries(Object.entries(floors).map(([name, floor]) => [name, round(floor, 1)])),
      ratioToFloor: ratios,
      workerPeakRssMb: peakRssMb,
      webhookEvents: Object.fromEntries(eventStatuses.map((row) => [row.status, row._count])),
      ledger: Object.fromEntries(ledgerStates.map((row) => [`${row.entity}:${row.state}`, row._count])),
      jobs: jobCounts,
      shopifyGraphqlRequests: countBy(shopify.requests.map((request) => `${request.operationName ?? request.kind}${request.throttled ? " (throttled)" : ""}`)),
      summary: {
        targets: {
          "drain within 1.25x of (requests made / 10) s": { met: drained && ratios.madeAt10PerSecond <= TARGET_RATIO, measured: `${ratios.madeAt10PerSecond}x` },
          "drain within 1.25x of (ideal requests / 10) s": { met: drained && ratios.idealAt10PerSecond <= TARGET_RATIO, measured: `${ratios.idealAt10PerSecond}x` },
        },
      },
    };
    await mkdir(dirname(RESULTS_PATH), { recursive: true });
    await writeFile(RESULTS_PATH, JSON.stringify(report, null, 2) + "\n");
    printTable(report);
    if (!drained) process.exitCode = 1;
  } finally {
    if (worker) await stopProcess(worker);
    await queues.close();
    await db.$disconnect();
    await shopify.close();
    await crm.close();
    await redisClaim.release();
  }
}

function countBy(names: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

function printTable(report: {
  input: { orders: number; workerConcurrency: number };
  drained: boolean;
  totalSeconds: number;
  workerStartToFirstCrmRequestSeconds: number;
  inCrm: { customers: number; orders: number };
  crmRequests: ReturnType<typeof auditCrmRequests>;
  idealRequests: { total: number };
  floorsSeconds: Record<string, number>;
  ratioToFloor: Record<string, number>;
  workerPeakRssMb: number;
}): void {
  const r = report;
  const rows: Array<[string, string]> = [
    ["orders / new customers", `${r.input.orders} / ${r.input.orders} (worker concurrency ${r.input.workerConcurrency})`],
    ["drained", `${r.drained ? "yes" : "NO"}: ${r.inCrm.customers} customers, ${r.inCrm.orders} orders in the CRM`],
    ["total time", `${r.totalSeconds} s (worker start → first CRM request ${r.workerStartToFirstCrmRequestSeconds} s)`],
    ["CRM requests made", `${r.crmRequests.total} (${r.crmRequests.rejected503} answered 503), ${r.crmRequests.achievedPerSecond}/s`],
    ["ideal requests", `${r.idealRequests.total}`],
    ["floor: made ÷ 10/s", `${r.floorsSeconds.madeAt10PerSecond} s → ${r.ratioToFloor.madeAt10PerSecond}x`],
    ["floor: made ÷ (10/1.05 s)", `${r.floorsSeconds.madeAtLimiterRate} s → ${r.ratioToFloor.madeAtLimiterRate}x`],
    ["floor: ideal ÷ 10/s", `${r.floorsSeconds.idealAt10PerSecond} s → ${r.ratioToFloor.idealAt10PerSecond}x`],
    ["floor: ideal ÷ (10/1.05 s)", `${r.floorsSeconds.idealAtLimiterRate} s → ${r.ratioToFloor.idealAtLimiterRate}x`],
    ["unused limit", `${r.crmRequests.underusedSeconds} s under 10 requests (${r.crmRequests.unusedSlots} slots); ${r.crmRequests.longPauses} pauses > 0.5 s (${r.crmRequests.longPauseSeconds} s)`],
    ["worker peak RSS", `${r.workerPeakRssMb} MB`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log("\ndrain benchmark");
  for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
  console.log("  requests by endpoint:");
  for (const [endpoint, count] of Object.entries(r.crmRequests.byEndpoint)) console.log(`    ${String(count).padStart(7)}  ${endpoint}`);
  console.log(`results: ${RESULTS_PATH.replace(`${REPO_ROOT}/`, "")}`);
}

await runBenchmark();
// Keep-alive sockets of the simulators' clients can hold the event loop open after everything is closed.
process.exit(process.exitCode ?? 0);

/**
 * Webhook ingress benchmark: signed orders/create deliveries at a steady open-loop rate against
 *   - the floor: a bare node:http handler that checks the HMAC and LPUSHes the body to Redis;
 *   - the app (remix-serve on the production build) with SQLite, and with PostgreSQL when it answers;
 * then checks that every acknowledged delivery is stored and queued.
 *
 *   npx tsx bench/webhook-ingress/ingress.bench.ts [--seconds 30] [--rate 300] [--warmup 3]
 *       [--targets floor,app-sqlite,app-postgres] [--no-build] [--profile] [--sqlite-wal]
 *       [--node-options=<NODE_OPTIONS for the app server>] [--build-dir <a remix build to run instead of build/>]
 *       [--out <file>]
 *
 * Latency runs from each delivery's scheduled send time to the end of its response (open loop: a stalled server is
 * charged for every delivery it delays); the warm-up is left out. Each run also records the server's CPU time per
 * delivery and how busy the whole machine was, so a run on a shared machine can be told from a slow server.
 * --profile writes a CPU profile of each app server and summarises it (self time by package and function) in the
 * results; --build-dir and --node-options measure a candidate change without touching build/.
 *
 * Results: bench/results/webhook-ingress.json. Redis logical DB 9 is flushed before and after each run.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { BENCH_REDIS_DATABASES, claimRedisDatabase } from "../../scripts/lib/redis-database";
import { ensureRedis } from "../../scripts/lib/redis";
import { ensureAppBuild, findFreePort } from "../../scripts/lib/app-server";
import { readMonotonicMicros, summarizeNewestCpuProfile, type CpuProfileSummary } from "./cpu-profile-summary";
import { prepareBenchDatabase, removeBenchDatabase } from "./bench-database";
import { auditAppDeliveries, auditFloorDeliveries, type DeliveryAudit } from "./delivery-audit";
import { percentBusyBetween, readLoadAverage, readMachineCpu, readRedisCpuSeconds } from "./machine-usage";
import { watchRedisDatabase, type RedisDatabaseShrink } from "./redis-database-watch";
import { runOpenLoopLoad, type OpenLoopResult } from "./open-loop-load";
import { buildOrderDeliveries } from "./order-deliveries";
import { startServerProcess, type ServerProcess } from "./server-process";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WORK_DIR = path.join(ROOT, "var/bench/webhook-ingress");
/** A private copy of build/, so a rebuild by someone else during the run cannot pull the server build away. */
const SERVER_BUILD = path.join(WORK_DIR, "build/server/index.js");
/** Shopify's orders/create example (about 10.7 kB as compact JSON). */
const EXAMPLE_PAYLOAD = path.join(ROOT, "tests/fixtures/shopify-webhooks/orders-create.json");
/** Tests never claim this logical database (scripts/lib/redis-database.ts keeps it for this benchmark). */
const REDIS_DATABASE = BENCH_REDIS_DATABASES.webhookIngress;
const REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DATABASE}`;
const POSTGRES_URL = "postgres://root@127.0.0.1:5432/bench_ingress";
const SHOP = "bench-ingress.myshopify.com";
const API_VERSION = "2026-10";
const TARGET_P99_MS = 50;
const SHOPIFY_DEADLINE_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
const FLOOR_LIST_KEY = "bench:webhook-ingress:floor";
const ALL_TARGETS = ["floor", "app-sqlite", "app-postgres"] as const;

type Target = (typeof ALL_TARGETS)[number];

interface RunResult {
  target: Target;
  description: string;
  load: Omit<OpenLoopResult, "acknowledgedEventIds">;
  audit: DeliveryAudit;
  /** Times the benchmark's Redis database lost keys during the run (another process flushed or consumed it). */
  redisInterference: RedisDatabaseShrink[];
  cpu: {
    serverMsPerDelivery: number;
    redisMsPerDelivery: number;
    benchProcessMsPerDelivery: number;
    machineBusyPercent: number;
    loadAverageBefore: number[];
  };
  profile?: CpuProfileSummary;
}

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "30" },
    rate: { type: "string", default: "300" },
    warmup: { type: "string", default: "3" },
    targets: { type: "string", default: ALL_TARGETS.join(",") },
    "no-build": { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    "sqlite-wal": { type: "boolean", default: false },
    "node-options": { type: "string", default: "" },
    "build-dir": { type: "string" },
    out: { type: "string", default: path.join(ROOT, "bench/results/webhook-ingress.json") },
  },
});

const seconds = Number(flags.seconds);
const rate = Number(flags.rate);
const warmupSeconds = Number(flags.warmup);
const targets = flags.targets.split(",").map((t) => t.trim()) as Target[];
for (const target of targets) {
  if (!ALL_TARGETS.includes(target)) throw new Error(`Unknown target "${target}"; choose from ${ALL_TARGETS.join(", ")}.`);
}
if (!(seconds > 0 && rate > 0 && warmupSeconds >= 0)) throw new Error("--seconds and --rate must be positive, --warmup zero or more.");

await main();

async function main(): Promise<void> {
  mkdirSync(WORK_DIR, { recursive: true });
  await ensureRedis(REDIS_URL);
  // Also keeps a second run of this benchmark from sharing the SQLite file, the PostgreSQL database and the logs.
  const claim = await claimRedisDatabase(REDIS_URL, { index: REDIS_DATABASE, holder: "the webhook-ingress benchmark" });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const secret = randomBytes(24).toString("hex");
  const buildDir = flags["build-dir"] ? path.resolve(flags["build-dir"]) : path.join(ROOT, "build");
  let build: { built: boolean; durationMs: number; buildDir: string };
  const runs: RunResult[] = [];
  const skipped: Array<{ target: Target; reason: string }> = [];
  const failed: Array<{ target: Target; error: string }> = [];
  try {
    build = flags["no-build"] || flags["build-dir"] ? { built: false, durationMs: 0, buildDir } : { ...(await ensureAppBuild()), buildDir };
    copyServerBuild(buildDir);
    for (const target of targets) {
      if (target === "app-postgres") {
        const problem = await findPostgresProblem();
        if (problem) {
          skipped.push({ target, reason: problem });
          console.warn(`Skipping app-postgres: ${problem}`);
          continue;
        }
      }
      await redis.flushdb();
      console.log(`\n${target}: ${warmupSeconds} s warm-up + ${seconds} s at ${rate}/s ...`);
      try {
        const run = await runTarget(target, secret, redis);
        runs.push(run);
        console.log(`  p50 ${run.load.measured.latencyMs.p50} ms, p99 ${run.load.measured.latencyMs.p99} ms, audit ${run.audit.ok ? "ok" : "FAILED"}`);
      } catch (error) {
        failed.push({ target, error: (error as Error).message });
        console.error(`  ${target} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await redis.flushdb().catch(() => {});
    redis.disconnect();
    await claim.release();
  }

  const floor = runs.find((run) => run.target === "floor");
  const report = {
    benchmark: "webhook-ingress",
    date: new Date().toISOString(),
    command: `npx tsx bench/webhook-ingress/ingress.bench.ts ${process.argv.slice(2).join(" ")}`.trim(),
    machine: {
      cpu: os.cpus()[0]?.model ?? "unknown",
      cores: os.cpus().length,
      totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
    },
    git: readGitState(),
    parameters: {
      ratePerSecond: rate,
      seconds,
      warmupSeconds,
      topic: "orders/create",
      payloadBytes: buildOrderDeliveries({ count: 1, secret, shop: SHOP, apiVersion: API_VERSION, examplePath: EXAMPLE_PAYLOAD })[0]!.body.length,
      loadModel: "open loop, latency from scheduled send time to response end, node:http keep-alive agent",
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      redis: REDIS_URL,
      sqliteJournal: flags["sqlite-wal"] ? "wal" : "default (delete)",
      appEnv: { NODE_ENV: "production", LOG_LEVEL: "warn", ...(flags["node-options"] ? { NODE_OPTIONS: flags["node-options"] } : {}) },
    },
    build,
    runs,
    skipped,
    failed,
    summary: {
      targetP99Ms: TARGET_P99_MS,
      apps: runs
        .filter((run) => run.target !== "floor")
        .map((run) => ({
          target: run.target,
          p50Ms: run.load.measured.latencyMs.p50,
          p99Ms: run.load.measured.latencyMs.p99,
          met: run.load.measured.latencyMs.p99 < TARGET_P99_MS && run.audit.ok && Object.keys(run.load.errors).length === 0,
          p99VsFloor: floor ? Math.round((run.load.measured.latencyMs.p99 / floor.load.measured.latencyMs.p99) * 10) / 10 : null,
        })),
      floor: floor ? { p50Ms: floor.load.measured.latencyMs.p50, p99Ms: floor.load.measured.latencyMs.p99 } : null,
      /** The shape bench/run.ts prints. */
      targets: Object.fromEntries([
        ...runs
          .filter((run) => run.target !== "floor")
          .map((run) => [
            `${run.target} p99 < ${TARGET_P99_MS} ms at ${rate}/s`,
            { met: run.load.measured.latencyMs.p99 < TARGET_P99_MS && Object.keys(run.load.errors).length === 0, measured: `${run.load.measured.latencyMs.p99} ms` },
          ]),
        ["acknowledged = stored = queued", { met: runs.every((run) => run.audit.ok), measured: runs.map((run) => `${run.target} ${run.audit.acknowledged}/${run.audit.stored}/${run.audit.queued}`).join(", ") }],
      ]),
      everyAcknowledgedDeliveryStoredAndQueued: runs.every((run) => run.audit.ok),
    },
  };
  mkdirSync(path.dirname(flags.out), { recursive: true });
  writeFileSync(flags.out, JSON.stringify(report, null, 2) + "\n");
  printTable(runs);
  console.log(`\nResults: ${path.relative(ROOT, flags.out)}`);
  if (!report.summary.everyAcknowledgedDeliveryStoredAndQueued || failed.length > 0) process.exitCode = 1;
}

async function runTarget(target: Target, secret: string, redis: Redis): Promise<RunResult> {
  const count = Math.round((warmupSeconds + seconds) * rate);
  const deliveries = buildOrderDeliveries({ count, secret, shop: SHOP, apiVersion: API_VERSION, examplePath: EXAMPLE_PAYLOAD });
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const profileDir = path.join(WORK_DIR, `profile-${target}`);
  const databaseUrl = target === "app-postgres" ? POSTGRES_URL : `file:${path.join(WORK_DIR, "ingress.sqlite")}`;

  let server: ServerProcess;
  if (target === "floor") {
    server = await startServerProcess({
      name: "floor server",
      args: ["--import", "tsx", path.join(ROOT, "bench/webhook-ingress/floor-server.ts")],
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", FLOOR_PORT: String(port), FLOOR_SECRET: secret, FLOOR_REDIS_URL: REDIS_URL, FLOOR_LIST_KEY },
      url: baseUrl,
      readyPath: "/",
      acceptAnyStatus: true,
      logFile: path.join(WORK_DIR, `${target}.log`),
      cwd: ROOT,
    });
  } else {
    await prepareBenchDatabase(databaseUrl, { installedShop: SHOP, sqliteWal: flags["sqlite-wal"] });
    const profiling = flags.profile
      ? [
          "--cpu-prof",
          `--cpu-prof-dir=${profileDir}`,
          // remix-serve only closes its HTTP server on SIGTERM; the Redis and database clients keep it alive, and
          // --cpu-prof writes its file only when the process exits.
          "--import=data:text/javascript,process.once('SIGTERM',()=>setTimeout(()=>process.exit(0),500))",
        ]
      : [];
    if (flags.profile) rmSync(profileDir, { recursive: true, force: true });
    server = await startServerProcess({
      name: `remix-serve (${target})`,
      args: [...profiling, path.join(ROOT, "node_modules/@remix-run/serve/dist/cli.js"), SERVER_BUILD],
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        SHOPIFY_API_KEY: "bench-api-key",
        SHOPIFY_API_SECRET: secret,
        SHOPIFY_APP_URL: baseUrl,
        APP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        LOG_LEVEL: "warn",
        ...(flags["node-options"] ? { NODE_OPTIONS: flags["node-options"] } : {}),
      },
      url: baseUrl,
      readyPath: "/health",
      logFile: path.join(WORK_DIR, `${target}.log`),
      cwd: ROOT,
    });
  }

  try {
    const loadAverageBefore = readLoadAverage();
    const machineBefore = readMachineCpu();
    const serverBefore = server.cpuSeconds();
    const redisBefore = await readRedisCpuSeconds(redis);
    const benchBefore = process.cpuUsage();
    const redisWatch = watchRedisDatabase(redis, REDIS_DATABASE);
    const loadStartedMicros = readMonotonicMicros();
    const load = await runOpenLoopLoad({
      url: `${baseUrl}/webhooks/orders/create`,
      deliveries,
      ratePerSecond: rate,
      warmupSeconds,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      deadlineMs: SHOPIFY_DEADLINE_MS,
    });
    const loadWindow = { fromMicros: loadStartedMicros, toMicros: readMonotonicMicros() };
    const redisInterference = await redisWatch.stop();
    if (redisInterference.length > 0) console.warn(`  Redis DB ${REDIS_DATABASE} lost keys during the run: ${JSON.stringify(redisInterference)}`);
    const bench = process.cpuUsage(benchBefore);
    const perDelivery = (cpuSeconds: number) => Math.round((cpuSeconds * 1000 * 1000) / count) / 1000;
    const cpu = {
      serverMsPerDelivery: perDelivery(server.cpuSeconds() - serverBefore),
      redisMsPerDelivery: perDelivery((await readRedisCpuSeconds(redis)) - redisBefore),
      benchProcessMsPerDelivery: perDelivery((bench.user + bench.system) / 1e6),
      machineBusyPercent: percentBusyBetween(machineBefore, readMachineCpu()),
      loadAverageBefore,
    };
    await server.stop();
    const audit =
      target === "floor"
        ? await auditFloorDeliveries({ redis, listKey: FLOOR_LIST_KEY, acknowledged: load.acknowledgedEventIds.length })
        : await auditAppDeliveries({ databaseUrl, redisUrl: REDIS_URL, redis, shop: SHOP, acknowledgedEventIds: load.acknowledgedEventIds });
    const { acknowledgedEventIds: _ids, ...loadFigures } = load;
    const profile = flags.profile && target !== "floor" ? summarizeNewestCpuProfile(profileDir, loadWindow) : undefined;
    return { target, description: describeTarget(target), load: loadFigures, audit, redisInterference, cpu, ...(profile ? { profile } : {}) };
  } finally {
    await server.stop();
    if (target !== "floor") await removeBenchDatabase(databaseUrl).catch((error: Error) => console.warn(`Could not remove ${databaseUrl}: ${error.message}`));
  }
}

/** The server bundle imports ../../prisma/generated/postgres: the copy gets a prisma link beside its build/. */
function copyServerBuild(buildDir: string): void {
  const copy = path.join(WORK_DIR, "build");
  rmSync(copy, { recursive: true, force: true });
  if (!existsSync(path.join(buildDir, "server/index.js"))) throw new Error(`${buildDir}/server/index.js is missing: run \`npx remix vite:build\`.`);
  cpSync(buildDir, copy, { recursive: true });
  const prismaLink = path.join(WORK_DIR, "prisma");
  if (!existsSync(prismaLink)) symlinkSync(path.join(ROOT, "prisma"), prismaLink);
}

function describeTarget(target: Target): string {
  switch (target) {
    case "floor":
      return "bare node:http handler: HMAC check + LPUSH of the body to Redis";
    case "app-sqlite":
      return "remix-serve production build, webhooks.$ route → webhook inbox (authenticate.webhook, WebhookEvent row, BullMQ add), SQLite";
    case "app-postgres":
      return "the same app on PostgreSQL";
  }
}

async function findPostgresProblem(): Promise<string | undefined> {
  const admin = new URL(POSTGRES_URL);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL does not answer at ${admin.host} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

function readGitState(): { commit: string; dirty: boolean } {
  const run = (args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout?.trim() ?? "";
  return { commit: run(["rev-parse", "HEAD"]), dirty: run(["status", "--porcelain", "--", "app", "workers"]) !== "" };
}

function printTable(runs: RunResult[]): void {
  const rows = [
    ["target", "p50 ms", "p90 ms", "p99 ms", "max ms", "rate/s", "errors", "acked", "stored", "queued", "server CPU ms/req", "machine busy %"],
    ...runs.map((run) => {
      const latency = run.load.measured.latencyMs;
      const errors = Object.values(run.load.errors).reduce((sum, n) => sum + n, 0);
      return [
        run.target,
        String(latency.p50),
        String(latency.p90),
        String(latency.p99),
        String(latency.max),
        String(run.load.measured.achievedRatePerSecond),
        String(errors),
        String(run.audit.acknowledged),
        String(run.audit.stored),
        String(run.audit.queued),
        String(run.cpu.serverMsPerDelivery),
        String(run.cpu.machineBusyPercent),
      ];
    }),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log("");
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  "));
  console.log(`target: app p99 < ${TARGET_P99_MS} ms at ${rate}/s; latency from scheduled send time, warm-up excluded`);
}

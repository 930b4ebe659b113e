/**
 * End-to-end catalog benchmark: a Bulk Operation's JSONL, downloaded over HTTP, to the gzipped file served at
 * /icml/<token>. Each child process runs the real `buildCatalog` (reader → ICML writer → gzip → one database
 * write, CatalogBuild row and ledger), then downloads the file through the real `serveCatalogFile` as the CRM would,
 * reading the body piece by piece as the web server sends it. It runs on SQLite and, when one answers, on PostgreSQL
 * (BENCH_POSTGRES_URL, default postgres://root@127.0.0.1:5432/postgres). Shopify's side is replayed: the parent
 * serves the synthetic JSONL (bench/icml/synthetic-bulk-catalog.ts) over HTTP like Shopify's storage, and the three
 * control calls of a bulk export (shop facts, start, status) are answered from fixed data.
 *
 *   npx tsx bench/catalog/catalog.bench.ts
 *
 * Results: bench/results/catalog.json. The naive XMLBuilder baseline comes from bench/results/icml.json, written by
 * the ICML benchmark earlier in the same `npm run bench`.
 */
import { createReadStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createDb } from "../../app/db.server";
import { closeCatalogBlobIo } from "../../app/services/catalog/catalog-blob-io";
import { buildCatalog } from "../../app/services/catalog/catalog-build";
import type { CatalogBuildLock } from "../../app/services/catalog/catalog-build-lock";
import { serveCatalogFile } from "../../app/services/catalog/catalog-serving";
import { resolveCatalogSourceOptions } from "../../app/services/catalog/catalog-source";
import { newIcmlToken } from "../../app/services/catalog/catalog-token";
import type { ShopifyGraphql } from "../../app/services/shopify/admin-graphql";
import { dropPostgresDatabase, migrateDatabase } from "../../scripts/lib/database";
import { writeSyntheticBulkCatalog, type SyntheticCatalogSize } from "../icml/synthetic-bulk-catalog";
import { runBenchChild } from "../lib/bench-child";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const RESULTS_PATH = join(REPO_ROOT, "bench/results/catalog.json");
const ICML_RESULTS_PATH = join(REPO_ROOT, "bench/results/icml.json");
const SIZES: SyntheticCatalogSize[] = [
  { products: 2_000, variants: 10_000 },
  { products: 20_000, variants: 100_000 },
];
/** Each size runs this often and the median run is reported (the machine may be shared with other work). */
const RUNS_PER_SIZE = 3;
const TARGET_OFFERS_PER_SECOND = 50_000;
const TARGET_PEAK_RSS_MB = 200;
const FLAT_MEMORY_TOLERANCE_MB = 20;

type ChildMode = "build" | "idle";

interface ChildResult {
  mode: ChildMode;
  offers: number;
  products: number;
  /** JSONL download to published file (buildCatalog). */
  buildSeconds: number;
  /** One gzip download of the published file through the route's service. */
  serveSeconds: number;
  seconds: number;
  cpuSeconds: number;
  offersPerSecond: number;
  offersPerCpuSecond: number;
  /** Peak RSS when the build had published, before the file was served. */
  buildPeakRssMb: number;
  peakRssMb: number;
  gzipBytes: number;
}

type DatabaseKind = "sqlite" | "postgresql";

interface SizeRun extends ChildResult {
  database: DatabaseKind;
  input: SyntheticCatalogSize & { jsonlBytes: number };
  allRuns: Array<Pick<ChildResult, "seconds" | "cpuSeconds" | "buildPeakRssMb" | "peakRssMb">>;
}

async function runBenchmark(): Promise<void> {
  const workDir = await mkdtemp(join(os.tmpdir(), "catalog-bench-"));
  const jsonlServer = await serveDirectory(workDir);
  const baseUrl = `http://127.0.0.1:${(jsonlServer.address() as AddressInfo).port}`;
  const databases: Array<{ kind: DatabaseKind; url: string }> = [{ kind: "sqlite", url: `file:${join(workDir, "bench.sqlite")}` }];
  const postgres = `${(process.env.BENCH_POSTGRES_URL ?? "postgres://root@127.0.0.1:5432/postgres").replace(/\/[^/]*$/, "")}/catalog_bench_${process.pid}`;
  try {
    await migrateDatabase(databases[0]!.url, { quiet: true });
    try {
      await migrateDatabase(postgres, { quiet: true });
      databases.push({ kind: "postgresql", url: postgres });
    } catch (error) {
      console.log(`PostgreSQL skipped: ${(error as Error).message.split("\n")[0]}`);
    }
    const inputs = [];
    for (const size of SIZES) {
      const name = `catalog-${size.variants}.jsonl`;
      inputs.push({ size, name, generated: await writeSyntheticBulkCatalog(join(workDir, name), size) });
    }
    const idle = await spawnChild(["idle", databases[0]!.url, "", "0"]);
    const runs: SizeRun[] = [];
    for (const database of databases) {
      for (const { size, name, generated } of inputs) {
        const results: ChildResult[] = [];
        for (let run = 0; run < RUNS_PER_SIZE; run += 1) results.push(await spawnChild(["build", database.url, `${baseUrl}/${name}`, String(size.variants)]));
        runs.push({
          ...median(results),
          database: database.kind,
          input: { ...size, jsonlBytes: generated.bytes },
          allRuns: results.map(({ seconds, cpuSeconds, buildPeakRssMb, peakRssMb }) => ({ seconds, cpuSeconds, buildPeakRssMb, peakRssMb })),
        });
      }
    }
    const baseline = await readBaseline(SIZES[SIZES.length - 1]!.variants);
    const summaries = Object.fromEntries(databases.map(({ kind }) => [kind, summarize(runs.filter((run) => run.database === kind), baseline)]));
    const report = {
      benchmark: "catalog",
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((load) => round(load, 2)) },
      idleChild: idle,
      runs,
      baseline: baseline ?? "bench/results/icml.json has no XMLBuilder baseline for this size: run the ICML benchmark first",
      summaries,
      // The default database's figures, for the bench runner's one-line summary.
      summary: summaries.sqlite,
    };
    await mkdir(dirname(RESULTS_PATH), { recursive: true });
    await writeFile(RESULTS_PATH, JSON.stringify(report, null, 2) + "\n");
    printTable(idle, runs, baseline);
    console.log(JSON.stringify(summaries, null, 2));
    console.log(`load average at end: ${os.loadavg().map((load) => load.toFixed(2)).join(" ")} on ${os.cpus().length} cores`);
    console.log(`results written to ${RESULTS_PATH}`);
  } finally {
    jsonlServer.close();
    if (databases.some((database) => database.kind === "postgresql")) await dropPostgresDatabase(postgres);
    await rm(workDir, { recursive: true, force: true });
  }
}

function summarize(runs: SizeRun[], baseline: { seconds: number; peakRssMb: number } | null) {
  const small = runs[0]!;
  const large = runs[runs.length - 1]!;
  return {
    speedupVsBaseline: baseline ? round(baseline.seconds / large.seconds, 2) : null,
    peakRssRatioBaselineToEndToEnd: baseline ? round(baseline.peakRssMb / large.peakRssMb, 2) : null,
    rssGrowthSmallToLargeMb: round(large.peakRssMb - small.peakRssMb, 1),
    targets: {
      offersPerSecond: { target: TARGET_OFFERS_PER_SECOND, measured: large.offersPerSecond, met: large.offersPerSecond >= TARGET_OFFERS_PER_SECOND },
      peakRssMb: { target: TARGET_PEAK_RSS_MB, measured: large.peakRssMb, met: runs.every((run) => run.peakRssMb < TARGET_PEAK_RSS_MB) },
      flatMemory: { toleranceMb: FLAT_MEMORY_TOLERANCE_MB, measured: round(large.peakRssMb - small.peakRssMb, 1), met: large.peakRssMb - small.peakRssMb < FLAT_MEMORY_TOLERANCE_MB },
    },
  };
}

async function runChild(mode: ChildMode, databaseUrl: string, jsonlUrl: string, variants: number): Promise<ChildResult> {
  // The file store's blob connection opens the configured DATABASE_URL: the child's config must name this database.
  process.env.DATABASE_URL = databaseUrl;
  const db = createDb(databaseUrl);
  const shop = `bench-${process.pid}.myshopify.com`;
  const token = newIcmlToken();
  await db.shop.create({ data: { domain: shop, status: "connected", icmlToken: token } });
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let stats = { offers: 0, products: 0 };
  let gzipBytes = 0;
  let built = started;
  let buildPeakRssMb = 0;
  if (mode === "build") {
    const result = await buildCatalog(
      {
        db,
        logger: pino({ level: "silent" }),
        lock: noOtherProcessLock,
        graphql: replayShopifyBulkExport(jsonlUrl, variants),
        source: resolveCatalogSourceOptions({ bulkThresholdVariants: 0, bulk: { pollIntervalMs: 10 } }),
      },
      { shop, trigger: "manual" },
    );
    built = performance.now();
    buildPeakRssMb = round(process.resourceUsage().maxRSS / 1024, 1);
    const response = await serveCatalogFile({ db }, new Request(`http://bench/icml/${token}`, { headers: { "Accept-Encoding": "gzip" } }), token);
    gzipBytes = await countBodyBytes(response);
    if (response.status !== 200 || gzipBytes !== result.bytes) throw new Error(`Serving answered ${response.status} with ${gzipBytes} bytes`);
    stats = { offers: result.offers, products: result.products };
  }
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await closeCatalogBlobIo();
  await db.$disconnect();
  return {
    mode,
    ...stats,
    buildSeconds: round((built - started) / 1000, 3),
    serveSeconds: round((finished - built) / 1000, 3),
    seconds: round(seconds, 3),
    cpuSeconds: round(cpuSeconds, 3),
    offersPerSecond: seconds > 0 ? Math.round(stats.offers / seconds) : 0,
    offersPerCpuSecond: cpuSeconds > 0 ? Math.round(stats.offers / cpuSeconds) : 0,
    buildPeakRssMb,
    peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
    gzipBytes,
  };
}

/** Reads the body the way the web server sends it, piece by piece to the socket, without collecting it. */
async function countBodyBytes(response: Response): Promise<number> {
  let bytes = 0;
  if (!response.body) return 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return bytes;
}

/** The benchmark runs one build at a time in one process: nothing to exclude. */
const noOtherProcessLock: CatalogBuildLock = { tryLock: async () => ({ release: async () => undefined }) };

/** Shopify's answers to the control calls of a bulk export whose result file is already complete at `url`. */
function replayShopifyBulkExport(url: string, variants: number): ShopifyGraphql {
  const operation = { id: "gid://shopify/BulkOperation/1", status: "COMPLETED", errorCode: null, objectCount: "0", rootObjectCount: "0", fileSize: null, url, partialDataUrl: null, query: "" };
  const answers: Record<string, unknown> = {
    CatalogShopFacts: { shop: { name: "Bench Shop", primaryDomain: { host: "bench.example.com" } }, productsCount: null, productVariantsCount: { count: variants, precision: "EXACT" } },
    CatalogBulkRun: { bulkOperationRunQuery: { bulkOperation: operation, userErrors: [] } },
    CatalogBulkOperation: { bulkOperation: operation },
  };
  return async <TData>(document: string): Promise<TData> => {
    const name = /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "";
    if (!(name in answers)) throw new Error(`The benchmark does not replay ${name}`);
    return answers[name] as TData;
  };
}

async function readBaseline(offers: number): Promise<{ seconds: number; peakRssMb: number; offersPerSecond: number; date: string } | null> {
  if (!existsSync(ICML_RESULTS_PATH)) return null;
  const icml = JSON.parse(await readFile(ICML_RESULTS_PATH, "utf8")) as { date: string; baseline?: { offers: number; seconds: number; peakRssMb: number; offersPerSecond: number } };
  if (!icml.baseline || icml.baseline.offers !== offers) return null;
  return { seconds: icml.baseline.seconds, peakRssMb: icml.baseline.peakRssMb, offersPerSecond: icml.baseline.offersPerSecond, date: icml.date };
}

function serveDirectory(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const file = join(dir, (req.url ?? "/").replace(/[^A-Za-z0-9_.-]/g, ""));
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "application/jsonl" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise) => server.listen(0, "127.0.0.1", () => resolvePromise(server)));
}

function spawnChild(childArgs: string[]): Promise<ChildResult> {
  return runBenchChild<ChildResult>(fileURLToPath(import.meta.url), childArgs, REPO_ROOT);
}

function median(results: ChildResult[]): ChildResult {
  return [...results].sort((a, b) => a.seconds - b.seconds)[Math.floor(results.length / 2)]!;
}

function printTable(idle: ChildResult, runs: SizeRun[], baseline: { seconds: number; peakRssMb: number; offersPerSecond: number } | null): void {
  const rows = [
    ["run", "offers", "build s", "serve s", "offers/s", "CPU s", "RSS after build MB", "peak RSS MB", "gzip MB"],
    ["idle child (Node + tsx + Prisma)", "-", "-", "-", "-", "-", "-", String(idle.peakRssMb), "-"],
    ...runs.map((run) => [
      `JSONL → served file ${run.offers} (${run.database})`,
      String(run.offers),
      String(run.buildSeconds),
      String(run.serveSeconds),
      String(run.offersPerSecond),
      String(run.cpuSeconds),
      String(run.buildPeakRssMb),
      String(run.peakRssMb),
      String(round(run.gzipBytes / 2 ** 20, 2)),
    ]),
    ...(baseline ? [["XMLBuilder baseline (icml.json)", "100000", String(baseline.seconds), "-", String(baseline.offersPerSecond), "-", "-", String(baseline.peakRssMb), "-"]] : []),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

const [, , command, ...args] = process.argv;
if (command === "child") {
  const result = await runChild(args[0] as ChildMode, args[1] ?? "", args[2] ?? "", Number(args[3] ?? 0));
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(0);
} else {
  await runBenchmark();
}

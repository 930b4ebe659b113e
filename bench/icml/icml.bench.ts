/**
 * ICML catalog benchmark: Bulk Operation JSONL → reader → writer → gzip → file.
 *
 *   npx tsx bench/icml/icml.bench.ts
 *
 * Each measurement runs in its own child process so that each peak RSS (`maxRSS`) is its own;
 * each streaming size runs three times and the median run is reported.
 * The naive baseline reads the same data with the same reader and offer mapping, but builds the
 * whole document in memory with fast-xml-parser's XMLBuilder. Results: bench/results/icml.json.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createGunzip, gzipSync } from "node:zlib";
import { XMLBuilder } from "fast-xml-parser";
import { readBulkCatalogJsonl } from "../../app/sync/icml/bulk-jsonl-reader";
import { writeIcmlGzip } from "../../app/sync/icml/icml-writer";
import { formatCatalogDate } from "../../app/sync/icml/offer-values";
import { FALLBACK_CATEGORY_ID, mapProductToIcmlOffers } from "../../app/sync/icml/offer";
import { readJsonlLines } from "../../app/sync/icml/jsonl-lines";
import type { ShopifyCatalogProduct } from "../../app/sync/icml/types";
import { writeSyntheticBulkCatalog, type SyntheticCatalogSize } from "./synthetic-bulk-catalog";
import { runBenchChild } from "../lib/bench-child";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const RESULTS_PATH = join(REPO_ROOT, "bench/results/icml.json");
const SIZES: SyntheticCatalogSize[] = [
  { products: 2_000, variants: 10_000 },
  { products: 20_000, variants: 100_000 },
];
/** Each streaming size runs this often; the run with the median time is reported (the machine may be shared). */
const RUNS_PER_SIZE = 3;
const TARGET_OFFERS_PER_SECOND = 50_000;
const TARGET_PEAK_RSS_MB = 200;
const FLAT_MEMORY_TOLERANCE_MB = 20;
const WRITE_OPTIONS = { shopName: "Bench Shop", shopDomain: "bench-shop.myshopify.com", company: "Bench LLC" };

type ChildMode = "stream" | "baseline" | "idle";

interface ChildResult {
  mode: ChildMode;
  offers: number;
  products: number;
  categories: number;
  seconds: number;
  offersPerSecond: number;
  /** User + system CPU time of the child: steadier than wall time when the machine is shared. */
  cpuSeconds: number;
  offersPerCpuSecond: number;
  peakRssMb: number;
  outputBytes: number;
  /** `<offer ` elements found by gunzipping the output after the clock stopped. */
  offersInOutput: number;
}

const [, , command, ...args] = process.argv;
if (command === "child") {
  const result = await runChild(args[0] as ChildMode, args[1] ?? "", args[2] ?? "");
  process.stdout.write(JSON.stringify(result) + "\n");
} else {
  await runBenchmark();
}

async function runBenchmark(): Promise<void> {
  const workDir = await mkdtemp(join(os.tmpdir(), "icml-bench-"));
  try {
    const idle = await spawnChild(["idle", "", ""]);
    const streaming: Array<
      ChildResult & {
        input: SyntheticCatalogSize & { jsonlBytes: number; jsonlLines: number; generateSeconds: number };
        allRuns: Array<Pick<ChildResult, "seconds" | "cpuSeconds" | "peakRssMb">>;
      }
    > = [];
    let largestJsonl = "";
    for (const size of SIZES) {
      const jsonl = join(workDir, `catalog-${size.variants}.jsonl`);
      const started = performance.now();
      const generated = await writeSyntheticBulkCatalog(jsonl, size);
      const generateSeconds = (performance.now() - started) / 1000;
      const runs: ChildResult[] = [];
      for (let run = 0; run < RUNS_PER_SIZE; run += 1) {
        runs.push(await spawnChild(["stream", jsonl, join(workDir, `catalog-${size.variants}.xml.gz`)]));
      }
      streaming.push({
        ...pickMedianRun(runs),
        input: { ...size, jsonlBytes: generated.bytes, jsonlLines: generated.lines, generateSeconds },
        allRuns: runs.map((run) => ({ seconds: run.seconds, cpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb })),
      });
      largestJsonl = jsonl;
    }
    const baseline = await spawnChild(["baseline", largestJsonl, join(workDir, "baseline.xml.gz")]);
    for (const run of [...streaming, baseline]) {
      if (run.offersInOutput !== run.offers) {
        throw new Error(`${run.mode} wrote ${run.offers} offers but its gzip file holds ${run.offersInOutput}`);
      }
    }
    const small = streaming[0]!;
    const large = streaming[streaming.length - 1]!;
    const summary = {
      speedupVsBaseline: round(baseline.seconds / large.seconds, 2),
      peakRssRatioBaselineToStreaming: round(baseline.peakRssMb / large.peakRssMb, 2),
      rssGrowthSmallToLargeMb: round(large.peakRssMb - small.peakRssMb, 1),
      targets: {
        offersPerSecond: { target: TARGET_OFFERS_PER_SECOND, met: streaming.every((run) => run.offersPerSecond >= TARGET_OFFERS_PER_SECOND) },
        peakRssMb: { target: TARGET_PEAK_RSS_MB, met: streaming.every((run) => run.peakRssMb < TARGET_PEAK_RSS_MB) },
        flatMemory: { toleranceMb: FLAT_MEMORY_TOLERANCE_MB, met: large.peakRssMb - small.peakRssMb < FLAT_MEMORY_TOLERANCE_MB },
      },
    };
    const report = {
      benchmark: "icml",
      date: new Date().toISOString(),
      machine: {
        loadAverageAtEnd: os.loadavg().map((load) => round(load, 2)),
        cpu: os.cpus()[0]?.model ?? "unknown",
        cores: os.cpus().length,
        totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        node: process.version,
      },
      idleChild: idle,
      streaming,
      baseline: { ...baseline, input: large.input },
      summary,
    };
    await mkdir(dirname(RESULTS_PATH), { recursive: true });
    await writeFile(RESULTS_PATH, JSON.stringify(report, null, 2) + "\n");
    printTable(idle, streaming, baseline, summary);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function runChild(mode: ChildMode, jsonlPath: string, outputPath: string): Promise<ChildResult> {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let stats = { offers: 0, products: 0, categories: 0 };
  if (mode === "stream") {
    const products = readBulkCatalogJsonl(readJsonlLines(createReadStream(jsonlPath)));
    stats = await writeIcmlGzip(products, createWriteStream(outputPath), { ...WRITE_OPTIONS, spoolDir: dirname(outputPath) });
  } else if (mode === "baseline") {
    stats = await buildWholeDocumentWithXmlBuilder(jsonlPath, outputPath);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    mode,
    ...stats,
    seconds: round(seconds, 3),
    offersPerSecond: Math.round(stats.offers / seconds),
    cpuSeconds: round(cpuSeconds, 3),
    offersPerCpuSecond: Math.round(stats.offers / cpuSeconds),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
    outputBytes: outputPath ? (await stat(outputPath)).size : 0,
    offersInOutput: outputPath ? await countOffersInGzip(outputPath) : 0,
  };
}

async function countOffersInGzip(path: string): Promise<number> {
  let count = 0;
  let tail = "";
  for await (const chunk of createReadStream(path).pipe(createGunzip())) {
    const text = tail + (chunk as Buffer).toString("latin1");
    count += text.split("<offer ").length - 1;
    tail = text.slice(-7);
    if (tail.includes("<offer ")) tail = "";
  }
  return count;
}

/** The naive way: every offer as an object, one XMLBuilder string, gzip it whole, write it. */
async function buildWholeDocumentWithXmlBuilder(jsonlPath: string, outputPath: string) {
  const context = { shopDomain: WRITE_OPTIONS.shopDomain };
  const categories = new Map<string, string>();
  const offers: object[] = [];
  let products = 0;
  const source: AsyncIterable<ShopifyCatalogProduct> = readBulkCatalogJsonl(readJsonlLines(createReadStream(jsonlPath)));
  for await (const product of source) {
    products += 1;
    for (const collection of product.collections.nodes) categories.set(collection.id.split("/").pop()!, collection.title);
    for (const offer of mapProductToIcmlOffers(product, context)) {
      offers.push({
        "@_id": offer.id,
        "@_productId": offer.productId,
        "@_quantity": offer.quantity,
        "@_type": "product",
        url: offer.url,
        price: offer.price ?? undefined,
        categoryId: offer.categoryIds,
        picture: offer.pictures,
        name: offer.name,
        productName: offer.productName,
        param: offer.params.map((param) => ({ "@_name": param.name, "@_code": param.code, "#text": param.value })),
        vendor: offer.vendor ?? undefined,
        weight: offer.weightKg ?? undefined,
        barcode: offer.barcode ?? undefined,
        productActivity: offer.productActive ? "Y" : "N",
      });
    }
  }
  categories.set(FALLBACK_CATEGORY_ID, "Other");
  const document = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    yml_catalog: {
      "@_date": formatCatalogDate(new Date()),
      shop: {
        name: WRITE_OPTIONS.shopName,
        company: WRITE_OPTIONS.company,
        categories: { category: [...categories].map(([id, name]) => ({ "@_id": id, "#text": name })) },
        offers: { offer: offers },
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true });
  const xml: string = builder.build(document);
  await writeFile(outputPath, gzipSync(xml));
  return { offers: offers.length, products, categories: categories.size };
}

function spawnChild(args: string[]): Promise<ChildResult> {
  return runBenchChild<ChildResult>(fileURLToPath(import.meta.url), args, REPO_ROOT);
}

function printTable(idle: ChildResult, streaming: ChildResult[], baseline: ChildResult, summary: Record<string, unknown>): void {
  const rows = [
    ["run", "offers", "seconds", "offers/s", "CPU s", "offers/CPU s", "peak RSS MB", "gzip MB"],
    ["idle child (Node + tsx)", "-", "-", "-", "-", "-", String(idle.peakRssMb), "-"],
    ...[...streaming, baseline].map((run) => [
      `${run.mode === "stream" ? "streaming" : "XMLBuilder baseline"} ${run.offers}`,
      String(run.offers),
      String(run.seconds),
      String(run.offersPerSecond),
      String(run.cpuSeconds),
      String(run.offersPerCpuSecond),
      String(run.peakRssMb),
      String(round(run.outputBytes / 2 ** 20, 2)),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
  console.log(JSON.stringify(summary, null, 2));
  console.log(`load average at end: ${os.loadavg().map((load) => load.toFixed(2)).join(" ")} on ${os.cpus().length} cores`);
  console.log(`results written to ${RESULTS_PATH}`);
}

function pickMedianRun(runs: ChildResult[]): ChildResult {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/**
 * `npm run bench [-- name…]`: runs each benchmark (bench/<name>/<name>.bench.ts) in its own process, one after
 * another, then prints what each wrote to bench/results/. ORDER lists benchmarks that must run before others
 * (the catalog benchmark reads the XMLBuilder baseline the ICML one writes); any other bench/<dir>/*.bench.ts
 * runs after them, by name.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, "..");
const RESULTS_DIR = join(BENCH_DIR, "results");
const ORDER = ["icml/icml.bench.ts", "catalog/catalog.bench.ts"];

interface BenchRun {
  file: string;
  exitCode: number | null;
  seconds: number;
  results: string[];
}

function findBenchFiles(): string[] {
  const discovered = readdirSync(BENCH_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "results")
    .flatMap((dir) => readdirSync(join(BENCH_DIR, dir.name)).filter((name) => name.endsWith(".bench.ts")).map((name) => `${dir.name}/${name}`))
    .sort();
  return [...ORDER.filter((file) => discovered.includes(file)), ...discovered.filter((file) => !ORDER.includes(file))];
}

function runBench(file: string): Promise<BenchRun> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(BENCH_DIR, file)], { cwd: REPO_ROOT, stdio: "inherit" });
    child.on("close", (exitCode) => {
      const results = existsSync(RESULTS_DIR)
        ? readdirSync(RESULTS_DIR)
            .map((name) => join(RESULTS_DIR, name))
            .filter((path) => statSync(path).mtimeMs >= started)
        : [];
      resolvePromise({ file, exitCode, seconds: Math.round((Date.now() - started) / 100) / 10, results });
    });
  });
}

function describeResult(path: string): string {
  try {
    const report = JSON.parse(readFileSync(path, "utf8")) as { summary?: { targets?: Record<string, { met?: boolean; measured?: unknown }> } };
    const targets = Object.entries(report.summary?.targets ?? {}).map(
      ([name, target]) => `${name} ${target.met ? "met" : "NOT met"}${target.measured === undefined ? "" : ` (${String(target.measured)})`}`,
    );
    return `${relative(REPO_ROOT, path)}${targets.length ? `: ${targets.join(", ")}` : ""}`;
  } catch {
    return relative(REPO_ROOT, path);
  }
}

const wanted = process.argv.slice(2);
const files = findBenchFiles().filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(`${name}/`) || basename(file) === name));
if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(", ")}; available: ${findBenchFiles().join(", ")}`);
  process.exit(2);
}

const runs: BenchRun[] = [];
for (const file of files) {
  console.log(`\n=== ${file}`);
  runs.push(await runBench(file));
}

console.log("\n=== summary");
for (const run of runs) {
  console.log(`${run.exitCode === 0 ? "ok    " : "FAILED"} ${run.file} (${run.seconds} s)`);
  for (const path of run.results) console.log(`       ${describeResult(path)}`);
}
process.exitCode = runs.every((run) => run.exitCode === 0) ? 0 : 1;

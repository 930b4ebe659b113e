import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CpuProfileSummary {
  file: string;
  /** Sampled seconds inside the load window (server start-up and shutdown left out). */
  profiledSeconds: number;
  /** Sampled time by where the code lives (npm package, the app's server build, Node internals, GC, idle). */
  byOrigin: Array<{ origin: string; ms: number; percent: number }>;
  topFunctions: Array<{ function: string; origin: string; ms: number; percent: number }>;
}

function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node:internal";
  if (url.includes("/build/server/")) return "app (build/server)";
  if (url.includes("/prisma/generated/")) return "prisma/generated";
  return path.basename(url);
}

/** A span of CLOCK_MONOTONIC microseconds (process.hrtime), the clock V8 stamps profiles with on Linux. */
export interface MonotonicWindow {
  fromMicros: number;
  toMicros: number;
}

export function readMonotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Self time per function and per origin of the newest .cpuprofile in `directory`, within `window` when given. */
export function summarizeNewestCpuProfile(directory: string, window?: MonotonicWindow, top = 20): CpuProfileSummary | undefined {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => path.join(directory, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const file = files[0];
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  const from = window?.fromMicros ?? -Infinity;
  const to = window?.toMicros ?? Infinity;
  let at = profile.startTime;
  let totalMicros = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from || at > to) return;
    totalMicros += delta;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
  });

  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, { origin: string; micros: number }>();
  for (const [id, micros] of selfMicros) {
    const frame = nodes.get(id)!.callFrame;
    const origin = originOf(frame.url, frame.functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + micros);
    const key = `${frame.functionName || "(anonymous)"} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
    const entry = byFunction.get(key) ?? { origin, micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
  }
  const ms = (micros: number) => Math.round(micros / 100) / 10;
  const percent = (micros: number) => Math.round((micros / totalMicros) * 1000) / 10;
  return {
    file,
    profiledSeconds: Math.round(totalMicros / 1e5) / 10,
    byOrigin: [...byOrigin]
      .sort((a, b) => b[1] - a[1])
      .map(([origin, micros]) => ({ origin, ms: ms(micros), percent: percent(micros) })),
    topFunctions: [...byFunction]
      .sort((a, b) => b[1].micros - a[1].micros)
      .slice(0, top)
      .map(([name, { origin, micros }]) => ({ function: name, origin, ms: ms(micros), percent: percent(micros) })),
  };
}

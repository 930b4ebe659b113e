export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Nearest-rank percentiles in milliseconds. */
export function summarizeLatencies(samplesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const count = sorted.length;
  if (count === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
  const at = (q: number) => round(sorted[Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))]!);
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: round(sorted[count - 1]!), mean: round(sum / count) };
}

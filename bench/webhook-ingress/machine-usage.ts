import { readFileSync } from "node:fs";
import os from "node:os";
import type { Redis } from "ioredis";

export interface MachineCpuSnapshot {
  busy: number;
  total: number;
}

/** Jiffies the whole machine spent busy and in total, from the first line of /proc/stat. */
export function readMachineCpu(): MachineCpuSnapshot {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

export function percentBusyBetween(before: MachineCpuSnapshot, after: MachineCpuSnapshot): number {
  const total = after.total - before.total;
  return total > 0 ? Math.round(((after.busy - before.busy) / total) * 1000) / 10 : 0;
}

/** used_cpu_user + used_cpu_sys of the Redis server, in seconds. */
export async function readRedisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const value = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? 0);
  return value("used_cpu_user") + value("used_cpu_sys");
}

export function readLoadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

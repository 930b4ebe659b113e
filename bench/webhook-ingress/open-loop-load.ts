import http from "node:http";
import { summarizeLatencies, type LatencySummary } from "./latency-summary";
import type { SignedDelivery } from "./order-deliveries";

export interface OpenLoopOptions {
  /** e.g. http://127.0.0.1:3000/webhooks/orders/create */
  url: string;
  deliveries: readonly SignedDelivery[];
  ratePerSecond: number;
  /** Deliveries scheduled in this first stretch are sent but left out of the figures. */
  warmupSeconds: number;
  /** A delivery not answered this long after its due time is abandoned and counted as an error. */
  requestTimeoutMs: number;
  /** Shopify's own deadline: a response slower than this counts as a failed delivery there. */
  deadlineMs: number;
}

export interface OpenLoopResult {
  sent: number;
  /** Every delivery answered 2xx, warm-up included (what the store must hold). */
  acknowledgedEventIds: string[];
  /** Non-2xx answers and transport failures, warm-up included, by status code or error message. */
  errors: Record<string, number>;
  measured: {
    deliveries: number;
    acknowledged: number;
    /** From scheduled send time to the end of the response: a stalled server is charged for every delivery it delayed. */
    latencyMs: LatencySummary;
    achievedRatePerSecond: number;
    overDeadline: number;
  };
  /** How late the generator itself put deliveries on the wire (its own scheduling jitter, included in latency). */
  sendLagMs: LatencySummary;
  maxOpenSockets: number;
}

/**
 * Open-loop load: delivery i is due at start + i / rate whatever the server does, and its latency is measured from
 * that due time, so a slow server cannot slow the load down and hide its own queueing (no coordinated omission).
 */
export async function runOpenLoopLoad(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  // An idle socket is dropped after 4 s, before the server's 5 s keep-alive timeout, so a delivery never goes out on
  // a connection the server is closing (ECONNRESET would be the benchmark's fault, not the server's).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, timeout: 4_000 });
  const total = options.deliveries.length;
  const intervalMs = 1000 / options.ratePerSecond;
  const warmupCount = Math.min(total, Math.round(options.warmupSeconds * options.ratePerSecond));
  const latencies = new Float64Array(total).fill(NaN);
  const sendLags = new Float64Array(total);
  const acknowledged: boolean[] = new Array(total).fill(false);
  const errors: Record<string, number> = {};
  let maxOpenSockets = 0;
  let lastMeasuredEnd = 0;

  const countError = (key: string) => (errors[key] = (errors[key] ?? 0) + 1);

  const sendOne = (index: number, dueAt: number) =>
    new Promise<void>((resolve) => {
      const delivery = options.deliveries[index]!;
      sendLags[index] = performance.now() - dueAt;
      let settled = false;
      const settle = (outcome: { status: number } | { error: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(abandon);
        const endedAt = performance.now();
        latencies[index] = endedAt - dueAt;
        if (index >= warmupCount) lastMeasuredEnd = Math.max(lastMeasuredEnd, endedAt);
        if ("error" in outcome) countError(outcome.error);
        else if (outcome.status >= 200 && outcome.status < 300) acknowledged[index] = true;
        else countError(String(outcome.status));
        resolve();
      };
      const request = http.request({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        agent,
        headers: delivery.headers,
      });
      const abandon = setTimeout(
        () => request.destroy(new Error(`no answer within ${options.requestTimeoutMs} ms`)),
        Math.max(0, dueAt + options.requestTimeoutMs - performance.now()),
      );
      request.on("response", (response) => {
        response.resume();
        response.on("end", () => settle({ status: response.statusCode ?? 0 }));
        response.on("error", (error) => settle({ error: error.message }));
      });
      request.on("error", (error) => settle({ error: error.message }));
      request.end(delivery.body);
      const open = Object.values(agent.sockets).reduce((sum, list) => sum + (list?.length ?? 0), 0);
      if (open > maxOpenSockets) maxOpenSockets = open;
    });

  const inFlight: Promise<void>[] = [];
  const startAt = performance.now() + 20;
  const measuredStartAt = startAt + warmupCount * intervalMs;
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && startAt + next * intervalMs <= now) {
        inFlight.push(sendOne(next, startAt + next * intervalMs));
        next += 1;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, startAt + next * intervalMs - performance.now()));
    };
    setTimeout(tick, Math.max(0, startAt - performance.now()));
  });
  await Promise.all(inFlight);
  agent.destroy();

  const measuredLatencies: number[] = [];
  let measuredAcknowledged = 0;
  let overDeadline = 0;
  for (let i = warmupCount; i < total; i++) {
    const latency = latencies[i]!;
    if (Number.isNaN(latency)) continue;
    measuredLatencies.push(latency);
    if (latency > options.deadlineMs) overDeadline += 1;
    if (acknowledged[i]) measuredAcknowledged += 1;
  }
  const measuredSeconds = (lastMeasuredEnd - measuredStartAt) / 1000;
  return {
    sent: total,
    acknowledgedEventIds: options.deliveries.filter((_, i) => acknowledged[i]).map((d) => d.eventId),
    errors,
    measured: {
      deliveries: total - warmupCount,
      acknowledged: measuredAcknowledged,
      latencyMs: summarizeLatencies(measuredLatencies),
      achievedRatePerSecond: measuredSeconds > 0 ? Math.round((measuredAcknowledged / measuredSeconds) * 10) / 10 : 0,
      overDeadline,
    },
    sendLagMs: summarizeLatencies(sendLags.subarray(warmupCount)),
    maxOpenSockets,
  };
}

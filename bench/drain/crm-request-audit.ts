import type { CrmSimRequestRecord } from "../../sim/retailcrm/index";

export interface CrmRequestAudit {
  total: number;
  /** Answered 503 by the simulator's rate limit (or a fault): sent but wasted. */
  rejected503: number;
  /** "GET /api/v5/customers" → count, most frequent first. */
  byEndpoint: Record<string, number>;
  firstAtMs: number;
  lastAtMs: number;
  /** Requests per second between the first and the last request. */
  achievedPerSecond: number;
  /** Whole seconds (from the first request) in which fewer than `limit` requests were sent, and the slots they left. */
  underusedSeconds: number;
  unusedSlots: number;
  /** Pauses between two consecutive requests longer than 500 ms: how many and their total. */
  longPauses: number;
  longPauseSeconds: number;
  longestPauseMs: number;
}

/** Reads the simulator's request log for one API key: what was sent, when, and where the limit went unused. */
export function auditCrmRequests(requests: readonly CrmSimRequestRecord[], limitPerSecond: number): CrmRequestAudit {
  const byEndpoint: Record<string, number> = {};
  let rejected503 = 0;
  for (const request of requests) {
    const endpoint = `${request.method} ${request.path.replace(/\/\d+(\/|$)/g, "/{id}$1")}`;
    byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
    if (request.status === 503) rejected503 += 1;
  }
  const times = requests.map((request) => request.at).sort((a, b) => a - b);
  const firstAtMs = times[0] ?? 0;
  const lastAtMs = times.at(-1) ?? 0;
  const perSecond = new Map<number, number>();
  let longPauses = 0;
  let longPauseMs = 0;
  let longestPauseMs = 0;
  for (const [index, at] of times.entries()) {
    const second = Math.floor((at - firstAtMs) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    const pause = index === 0 ? 0 : at - times[index - 1]!;
    longestPauseMs = Math.max(longestPauseMs, pause);
    if (pause > 500) {
      longPauses += 1;
      longPauseMs += pause;
    }
  }
  const wholeSeconds = Math.floor((lastAtMs - firstAtMs) / 1000);
  let underusedSeconds = 0;
  let unusedSlots = 0;
  for (let second = 0; second < wholeSeconds; second += 1) {
    const sent = perSecond.get(second) ?? 0;
    if (sent < limitPerSecond) {
      underusedSeconds += 1;
      unusedSlots += limitPerSecond - sent;
    }
  }
  const spanSeconds = (lastAtMs - firstAtMs) / 1000;
  return {
    total: requests.length,
    rejected503,
    byEndpoint: Object.fromEntries(Object.entries(byEndpoint).sort((a, b) => b[1] - a[1])),
    firstAtMs,
    lastAtMs,
    achievedPerSecond: spanSeconds > 0 ? round(requests.length / spanSeconds, 2) : 0,
    underusedSeconds,
    unusedSlots,
    longPauses,
    longPauseSeconds: round(longPauseMs / 1000, 1),
    longestPauseMs,
  };
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";

export type CrmRateLimiter = {
  /** Waits until this key may send one request, and takes that slot. Waiters of one process are served in order. */
  acquire(apiKey: string): Promise<void>;
  /**
   * For a job about to start: ok while fewer than `admitQueue` requests of this process wait for this key; otherwise
   * about how long until those have gone, so the job can step aside instead of holding a worker while a long queue
   * drains. Takes no slot and asks nothing of Redis.
   */
  admit(apiKey: string): { ok: true } | { ok: false; retryAfterMs: number };
};

export type CrmRateLimiterOptions = {
  redis: Redis;
  /** Requests per second allowed per API key (RetailCRM: 10). */
  perSecond?: number;
  prefix?: string;
  /**
   * Extra length added to the 1-second window. A slot is stamped just before its request leaves, the server
   * counts when it arrives; the margin absorbs the difference in travel time between two requests, at the cost of
   * a little throughput (10 per 1.05 s by default).
   */
  marginMs?: number;
  /**
   * How many requests of this process may already wait for a key when a new job asks to start (see `admit`): enough
   * to have a request ready for every slot while other jobs handle their answers; more would only hold workers.
   */
  admitQueue?: number;
};

/*
 * Why a hand-written script: RetailCRM counts requests per key in a *sliding* 1-second window and answers 503
 * beyond the limit. A token bucket with a burst (what most libraries offer) lets 10 requests through at t=0 and an
 * 11th at t=100 ms, which a sliding window rejects. So slots are spaced evenly instead: one per (window ÷ limit),
 * which can never put more than `limit` requests in any window, and keeps requests from arriving in clumps whose
 * tail the server would count in the next window. Per key, Redis keeps the time of the last slot given; the script
 * gives a slot only when the spacing has passed *now*, by Redis' own clock, so every process on every machine
 * shares one schedule and a slot is stamped when its request leaves, not when it was booked (a booked slot sent late
 * because its process was busy would crowd the next one). Otherwise it says how long to wait.
 */
const TAKE_SLOT_SCRIPT = `
local gap = tonumber(ARGV[1])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local last = tonumber(redis.call('GET', KEYS[1]) or '-1e15')
local due = last + gap
if due > now then
  return {0, math.ceil(due - now)}
end
redis.call('SET', KEYS[1], string.format('%.3f', now), 'PX', math.ceil(gap) + 1000)
return {1, 0}
`;

const TAKE_SLOT_SHA = createHash("sha1").update(TAKE_SLOT_SCRIPT).digest("hex");

export function createCrmRateLimiter(options: CrmRateLimiterOptions): CrmRateLimiter {
  const { redis, perSecond = 10, prefix = "crm-rate", marginMs = 50, admitQueue = 2 } = options;
  if (!Number.isInteger(perSecond) || perSecond < 1) {
    throw new RangeError(`perSecond must be a whole number of at least 1, got ${perSecond}`);
  }
  const gapMs = (1000 + marginMs) / perSecond;
  /** Per key, the acquires of this process waiting for a slot, oldest first; one loop per key serves them. */
  const lanes = new Map<string, Array<{ resolve(): void; reject(error: unknown): void }>>();

  const redisKey = (apiKey: string) => `${prefix}:{${createHash("sha256").update(apiKey).digest("hex").slice(0, 32)}}:last`;

  async function takeSlot(apiKey: string): Promise<{ taken: boolean; waitMs: number }> {
    const keys = [redisKey(apiKey)];
    let reply: unknown;
    try {
      reply = await redis.evalsha(TAKE_SLOT_SHA, keys.length, ...keys, gapMs);
    } catch (error) {
      if (!String((error as Error).message).includes("NOSCRIPT")) throw error;
      reply = await redis.eval(TAKE_SLOT_SCRIPT, keys.length, ...keys, gapMs);
    }
    const [taken, waitMs] = reply as [number, number];
    return { taken: taken === 1, waitMs };
  }

  async function serve(apiKey: string, lane: NonNullable<ReturnType<typeof lanes.get>>): Promise<void> {
    try {
      while (lane.length > 0) {
        const slot = await takeSlot(apiKey);
        if (slot.taken) lane.shift()?.resolve();
        else await sleep(slot.waitMs);
      }
    } catch (error) {
      for (const waiter of lane.splice(0)) waiter.reject(error);
    } finally {
      lanes.delete(apiKey);
    }
  }

  function acquire(apiKey: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const lane = lanes.get(apiKey);
      if (lane) {
        lane.push({ resolve, reject });
        return;
      }
      const fresh = [{ resolve, reject }];
      lanes.set(apiKey, fresh);
      void serve(apiKey, fresh);
    });
  }

  return {
    acquire,
    admit(apiKey) {
      const waiting = lanes.get(apiKey)?.length ?? 0;
      return waiting < admitQueue ? { ok: true } : { ok: false, retryAfterMs: Math.ceil((waiting + 1) * gapMs) };
    },
  };
}

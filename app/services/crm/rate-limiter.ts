import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";

export type CrmRateLimiter = {
  /** Waits until this key may send one request, and takes that slot. */
  acquire(apiKey: string): Promise<void>;
  /** Takes a slot only if one is free right now; otherwise says how long until one is. Never waits. */
  tryAcquire(apiKey: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
};

export type CrmRateLimiterOptions = {
  redis: Redis;
  /** Requests per second allowed per API key (RetailCRM: 10). */
  perSecond?: number;
  prefix?: string;
  /**
   * Extra length added to the 1-second window. Our slots are stamped when a request leaves, the
   * server counts when it arrives; the margin absorbs the difference in travel time between two
   * requests, at the cost of a little throughput (10 per 1.1 s by default).
   */
  marginMs?: number;
};

/*
 * Why a hand-written script: RetailCRM counts requests per key in a *sliding* 1-second window and
 * answers 503 beyond the limit. A token bucket or GCRA with a burst (what rate-limiter-flexible and
 * most libraries offer; none is installed here anyway) lets 10 requests through at t=0 and an
 * 11th at t=100 ms, which a sliding window rejects. So we keep, per key, a sorted set of the
 * times slots were given out, and give a new slot at the earliest time t such that the window
 * (t − W, t] holds fewer than `limit` slots: t = max(now, slot[n−limit] + W, last slot). Slots
 * never go backwards, so every window holds at most `limit` of them. The script runs atomically
 * in Redis and uses Redis' own clock, so every process on every machine shares one schedule.
 * `acquire` reserves a future slot and sleeps until it; `tryAcquire` only takes a slot that is
 * free now, so a queue worker can put its job back as delayed instead of blocking.
 */
const RESERVE_SLOT_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local reserveLater = ARGV[3] == '1'
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local slot = now
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local bounding = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  slot = math.max(slot, tonumber(bounding[2]) + window)
end
if count > 0 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  slot = math.max(slot, tonumber(last[2]))
end
if slot > now and not reserveLater then
  return {0, slot - now}
end
local member = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], slot, member)
local ttl = slot - now + window + 1000
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {1, slot - now}
`;

const RESERVE_SLOT_SHA = createHash("sha1").update(RESERVE_SLOT_SCRIPT).digest("hex");

export function createCrmRateLimiter(options: CrmRateLimiterOptions): CrmRateLimiter {
  const { redis, perSecond = 10, prefix = "crm-rate", marginMs = 100 } = options;
  if (!Number.isInteger(perSecond) || perSecond < 1) {
    throw new RangeError(`perSecond must be a whole number of at least 1, got ${perSecond}`);
  }
  const windowMs = 1000 + marginMs;

  async function reserve(apiKey: string, reserveLater: boolean): Promise<{ taken: boolean; waitMs: number }> {
    const keyId = createHash("sha256").update(apiKey).digest("hex").slice(0, 32);
    const keys = [`${prefix}:{${keyId}}:slots`, `${prefix}:{${keyId}}:seq`];
    const args = [perSecond, windowMs, reserveLater ? 1 : 0];
    let reply: unknown;
    try {
      reply = await redis.evalsha(RESERVE_SLOT_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).includes("NOSCRIPT")) throw error;
      reply = await redis.eval(RESERVE_SLOT_SCRIPT, keys.length, ...keys, ...args);
    }
    const [taken, waitMs] = reply as [number, number];
    return { taken: taken === 1, waitMs };
  }

  return {
    async acquire(apiKey) {
      const { waitMs } = await reserve(apiKey, true);
      if (waitMs > 0) await sleep(waitMs);
    },
    async tryAcquire(apiKey) {
      const { taken, waitMs } = await reserve(apiKey, false);
      return taken ? { ok: true } : { ok: false, retryAfterMs: waitMs };
    },
  };
}

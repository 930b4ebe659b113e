import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

// Takes the lock when it is free, or when the same owner already holds it (a job handed back after its worker
// died takes its own lock again at once instead of waiting for it to expire); refreshes the expiry either way.
const ACQUIRE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
// Takes, in one step, the free locks among KEYS in their order, up to ARGV[3] of them; returns their positions.
// One step matters: two batches claiming from the same backlog at once get disjoint halves of it, not every
// other record each.
const ACQUIRE_SOME_SCRIPT = `
local wanted = tonumber(ARGV[3])
local taken = {}
for index, key in ipairs(KEYS) do
  if #taken >= wanted then break end
  if redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) then taken[#taken + 1] = index end
end
return taken`;
const RELEASE_ALL_SCRIPT = `
local released = 0
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then released = released + redis.call('DEL', key) end
end
return released`;

export interface EntityLock {
  /**
   * Takes the lock for one entity, or returns undefined when someone else holds it. `owner` (a job id) makes the
   * lock re-entrant for that owner; without it every call is a new owner.
   */
  tryLock(key: string, owner?: string): Promise<{ release(): Promise<void> } | undefined>;
  /**
   * Takes the locks that are free among `keys`, in their order, up to `max` of them, all at once. Returns the keys
   * taken and one release for all of them.
   */
  tryLockSome(keys: readonly string[], max: number): Promise<{ keys: string[]; release(): Promise<void> }>;
}

/** The lock key of one entity of a shop; every holder (processor, handlers, batches) builds keys with it. */
export function buildEntityLockKey(shop: string, entity: string, entityId: string): string {
  return `${shop}:${entity}:${entityId}`;
}

/**
 * Per-entity mutual exclusion across every worker process: two jobs for the same order or customer never run at
 * once. The lock expires on its own (ttlMs) if a worker dies holding it.
 */
export function createEntityLock(redis: Redis, options: { prefix?: string; ttlMs?: number } = {}): EntityLock {
  const prefix = options.prefix ?? "entity-lock";
  const ttlMs = options.ttlMs ?? 120_000;
  return {
    async tryLock(key, owner) {
      const redisKey = `${prefix}:${key}`;
      const token = owner ?? randomUUID();
      const taken = await redis.eval(ACQUIRE_SCRIPT, 1, redisKey, token, String(ttlMs));
      if (taken !== 1) return undefined;
      return {
        async release() {
          await redis.eval(RELEASE_SCRIPT, 1, redisKey, token);
        },
      };
    },
    async tryLockSome(keys, max) {
      if (keys.length === 0 || max < 1) return { keys: [], release: async () => {} };
      const token = randomUUID();
      const redisKeys = keys.map((key) => `${prefix}:${key}`);
      const positions = (await redis.eval(ACQUIRE_SOME_SCRIPT, redisKeys.length, ...redisKeys, token, String(ttlMs), String(max))) as number[];
      const taken = positions.map((position) => position - 1);
      return {
        keys: taken.map((index) => keys[index]!),
        async release() {
          if (taken.length === 0) return;
          const held = taken.map((index) => redisKeys[index]!);
          await redis.eval(RELEASE_ALL_SCRIPT, held.length, ...held, token);
        },
      };
    },
  };
}

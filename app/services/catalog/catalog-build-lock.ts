import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export interface CatalogBuildLease {
  release(): Promise<void>;
}

export interface CatalogBuildLock {
  /** Takes the shop's build lock, or returns undefined while another process is building that shop's catalog. */
  tryLock(shop: string): Promise<CatalogBuildLease | undefined>;
}

/**
 * One catalog build per shop at a time, across every worker, the CLI and the connect flow. A build can take
 * long, so the lease is short and renewed while the build runs: a process that dies frees the shop within `ttlMs`.
 */
export function createCatalogBuildLock(redis: Redis, options: { prefix?: string; ttlMs?: number } = {}): CatalogBuildLock {
  const prefix = options.prefix ?? "catalog-build-lock";
  const ttlMs = options.ttlMs ?? 60_000;
  return {
    async tryLock(shop) {
      const key = `${prefix}:${shop}`;
      const token = randomUUID();
      if ((await redis.set(key, token, "PX", ttlMs, "NX")) !== "OK") return undefined;
      const renew = setInterval(() => {
        redis.eval(EXTEND_SCRIPT, 1, key, token, String(ttlMs)).catch(() => undefined);
      }, Math.max(1_000, Math.floor(ttlMs / 3)));
      renew.unref();
      return {
        async release() {
          clearInterval(renew);
          await redis.eval(RELEASE_SCRIPT, 1, key, token);
        },
      };
    },
  };
}

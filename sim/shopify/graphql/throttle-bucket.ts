export interface SimThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface SimThrottleConfig {
  maximumAvailable: number;
  restoreRate: number;
}

export type SimThrottleBucket = ReturnType<typeof createThrottleBucket>;

/** Shopify's leaky bucket: `restoreRate` points come back per second, up to `maximumAvailable`. */
export function createThrottleBucket(config: SimThrottleConfig, now: () => number) {
  let available = config.maximumAvailable;
  let updatedAt = now();

  function refill(): void {
    const current = now();
    available = Math.min(config.maximumAvailable, available + ((current - updatedAt) / 1000) * config.restoreRate);
    updatedAt = current;
  }

  function status(): SimThrottleStatus {
    refill();
    return {
      maximumAvailable: config.maximumAvailable,
      currentlyAvailable: Math.floor(available),
      restoreRate: config.restoreRate,
    };
  }

  return {
    status,
    /** Takes `cost` points when there are enough; otherwise takes nothing and reports false. */
    take(cost: number): boolean {
      refill();
      if (cost > available) return false;
      available -= cost;
      return true;
    },
    refund(points: number): void {
      refill();
      available = Math.min(config.maximumAvailable, available + Math.max(0, points));
    },
    setAvailable(points: number): void {
      refill();
      available = Math.max(0, Math.min(config.maximumAvailable, points));
    },
  };
}

export type CrmRetryOptions = {
  /** Total tries per request, the first one included. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
};

export type CrmRetryPolicy = Required<CrmRetryOptions>;

export const DEFAULT_CRM_RETRY: CrmRetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 5000 };

export function resolveRetryPolicy(options: CrmRetryOptions | undefined): CrmRetryPolicy {
  const policy = { ...DEFAULT_CRM_RETRY, ...options };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry.attempts must be a whole number of at least 1, got ${policy.attempts}`);
  }
  return policy;
}

/**
 * Exponential backoff with full jitter: a random wait between 0 and min(max, base·2^(n−1))
 * after the n-th failed attempt, so clients that failed together do not retry together.
 */
export function computeBackoffDelay(failedAttempt: number, policy: CrmRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

/** Sliding one-second window per API key; a rejected request does not use up the window. */
export class CrmRateLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(private perSecond: number) {}

  setLimit(perSecond: number): void {
    this.perSecond = perSecond;
  }

  get limit(): number {
    return this.perSecond;
  }

  tryAcquire(apiKey: string, nowMs: number): boolean {
    if (this.perSecond <= 0) return true;
    const windowStart = nowMs - 1000;
    const recent = (this.accepted.get(apiKey) ?? []).filter((at) => at > windowStart);
    if (recent.length >= this.perSecond) {
      this.accepted.set(apiKey, recent);
      return false;
    }
    recent.push(nowMs);
    this.accepted.set(apiKey, recent);
    return true;
  }

  clear(): void {
    this.accepted.clear();
  }
}

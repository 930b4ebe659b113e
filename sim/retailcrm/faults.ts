export interface CrmFailNextOptions {
  times?: number;
  /** A string matches the request path exactly or as a prefix; a RegExp is tested against the path. */
  path?: string | RegExp;
  /** JSON body to answer with; a string is sent as is (HTML when it starts with `<`). */
  body?: unknown;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
}

export interface CrmFaultSettings {
  /** 0..1: share of requests answered with 500. */
  errorRate?: number;
  /** Delay before every API request is handled. */
  latencyMs?: number;
  /** 0..1: share of requests whose socket is destroyed. */
  dropRate?: number;
  /** The next N requests get 503. */
  burst503?: number;
}

export type CrmFaultDecision =
  | { kind: "none" }
  | { kind: "drop" }
  | { kind: "respond"; status: number; body: unknown };

interface CrmFailNextRule {
  status: number;
  remaining: number;
  path?: string | RegExp;
  body?: unknown;
  drop: boolean;
}

/** Scripted and random failures for API requests (admin endpoints never fail). */
export class CrmFaultInjector {
  private rules: CrmFailNextRule[] = [];
  private settings: Required<CrmFaultSettings> = { errorRate: 0, latencyMs: 0, dropRate: 0, burst503: 0 };

  constructor(private readonly random: () => number = Math.random) {}

  failNext(status: number, options: CrmFailNextOptions = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`failNext: times must be a positive integer, got ${times}.`);
    this.rules.push({ status, remaining: times, path: options.path, body: options.body, drop: options.drop ?? false });
  }

  setFaults(faults: CrmFaultSettings): void {
    for (const name of ["errorRate", "dropRate"] as const) {
      const value = faults[name];
      if (value !== undefined && (value < 0 || value > 1)) throw new Error(`setFaults: ${name} must be between 0 and 1.`);
    }
    this.settings = { ...this.settings, ...definedOnly(faults) };
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  current(): Required<CrmFaultSettings> & { pendingFailNext: number } {
    return { ...this.settings, pendingFailNext: this.rules.reduce((sum, rule) => sum + rule.remaining, 0) };
  }

  decide(path: string): CrmFaultDecision {
    const rule = this.rules.find((candidate) => matchesPath(candidate.path, path));
    if (rule) {
      rule.remaining -= 1;
      if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
      if (rule.drop) return { kind: "drop" };
      return { kind: "respond", status: rule.status, body: rule.body ?? createDefaultFaultBody(rule.status) };
    }
    if (this.settings.burst503 > 0) {
      this.settings.burst503 -= 1;
      return { kind: "respond", status: 503, body: createDefaultFaultBody(503) };
    }
    if (this.settings.dropRate > 0 && this.random() < this.settings.dropRate) return { kind: "drop" };
    if (this.settings.errorRate > 0 && this.random() < this.settings.errorRate) {
      return { kind: "respond", status: 500, body: createDefaultFaultBody(500) };
    }
    return { kind: "none" };
  }

  clear(): void {
    this.rules = [];
    this.settings = { errorRate: 0, latencyMs: 0, dropRate: 0, burst503: 0 };
  }
}

function matchesPath(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === "string") return path === pattern || path.startsWith(pattern);
  return pattern.test(path);
}

function createDefaultFaultBody(status: number): Record<string, unknown> {
  if (status === 503) return { success: false, errorMsg: "Service temporarily unavailable" };
  if (status >= 500) return { success: false, errorMsg: "Internal server error" };
  return { success: false, errorMsg: `Simulated failure (HTTP ${status})` };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

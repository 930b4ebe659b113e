import pino from "pino";

export type Logger = pino.Logger;

/** The root logger: one JSON line per event, a message plus a context object. API keys and PII never go in. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base,
    redact: { paths: ["apiKey", "*.apiKey", "accessToken", "*.accessToken", "headers.x-api-key"], censor: "[redacted]" },
  });
}

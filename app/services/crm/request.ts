import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { z } from "zod";
import { computeBackoffDelay, type CrmRetryPolicy } from "./backoff";
import { encodeCrmForm, encodePhpQuery, type CrmForm, type CrmQuery } from "./encoding";
import {
  CrmNetworkError,
  CrmRateLimitError,
  CrmUnexpectedResponseError,
  isRetryableCrmError,
  throwForResponse,
  type CrmRawResponse,
} from "./errors";
import type { CrmRateLimiter } from "./rate-limiter";

export type CrmRequest = {
  method: "GET" | "POST";
  /** Path from the account root, e.g. `/api/v5/orders/create`. */
  path: string;
  query?: CrmQuery;
  form?: CrmForm;
  /** Words for what the request is about, used in error messages ("the order"). */
  subject: string;
  acceptPartial?: boolean;
};

export type CrmResponse = { status: number; body: Record<string, unknown> };

export type CrmRequester = {
  send(request: CrmRequest): Promise<CrmResponse>;
  /** Sends and parses the body with `schema`; a body that does not fit is a CrmUnexpectedResponseError. */
  sendParsed<T extends z.ZodType>(request: CrmRequest, schema: T): Promise<z.output<T> & { status: number }>;
};

export type CrmRequesterDeps = {
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  logger: Logger;
  limiter?: CrmRateLimiter;
  timeoutMs: number;
  retry: CrmRetryPolicy;
};

export function createCrmRequester(deps: CrmRequesterDeps): CrmRequester {
  async function sendOnce(request: CrmRequest, attempt: number): Promise<CrmResponse> {
    const url = new URL(deps.baseUrl + request.path);
    const headers: Record<string, string> = { "X-API-KEY": deps.apiKey, Accept: "application/json" };
    let body: URLSearchParams | undefined;
    if (request.query) url.search = encodePhpQuery(request.query).toString();
    if (request.method === "POST") {
      body = encodeCrmForm(request.form ?? {});
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }

    let raw: CrmRawResponse;
    try {
      const response = await deps.fetch(url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      raw = { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      throw toNetworkError(error, request, attempt);
    }

    const parsed = throwForResponse(raw, {
      baseUrl: deps.baseUrl,
      method: request.method,
      path: request.path,
      subject: request.subject,
      attempts: attempt,
      acceptPartial: request.acceptPartial,
    });
    return { status: raw.status, body: parsed };
  }

  async function send(request: CrmRequest): Promise<CrmResponse> {
    for (let attempt = 1; ; attempt++) {
      // Waits for this key's next slot in the shared limiter (queue workers also gate jobs before they start).
      await deps.limiter?.acquire(deps.apiKey);
      const startedAt = performance.now();
      try {
        const response = await sendOnce(request, attempt);
        deps.logger.debug(
          { method: request.method, path: request.path, status: response.status, attempt, durationMs: elapsed(startedAt) },
          "RetailCRM request done",
        );
        return response;
      } catch (error) {
        if (!isRetryableCrmError(error) || attempt >= deps.retry.attempts) throw error;
        const backoff = computeBackoffDelay(attempt, deps.retry);
        const delayMs =
          error instanceof CrmRateLimitError && error.retryAfterFromServer
            ? Math.max(backoff, Math.min(error.retryAfterMs, deps.retry.maxDelayMs))
            : backoff;
        deps.logger.warn(
          { method: request.method, path: request.path, attempt, delayMs, error: (error as Error).message },
          "RetailCRM request failed; retrying",
        );
        await sleep(delayMs);
      }
    }
  }

  async function sendParsed<T extends z.ZodType>(request: CrmRequest, schema: T): Promise<z.output<T> & { status: number }> {
    const response = await send(request);
    const result = schema.safeParse(response.body);
    if (!result.success) {
      const issue = result.error.issues[0];
      const problem = issue ? `${issue.path.join(".") || "(body)"}: ${issue.message}` : "unknown";
      throw new CrmUnexpectedResponseError(
        "upstream",
        `RetailCRM answered about ${request.subject} in a shape the connector does not understand (${problem}). ` +
          "Please report this with the RetailCRM version of your account.",
        { method: request.method, path: request.path, problem },
      );
    }
    return Object.assign(result.data as object, { status: response.status }) as z.output<T> & { status: number };
  }

  function toNetworkError(error: unknown, request: CrmRequest, attempt: number): CrmNetworkError {
    const origin = new URL(deps.baseUrl).origin;
    const tries = attempt > 1 ? ` (${attempt} attempts)` : "";
    const name = (error as { name?: string } | undefined)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
      return new CrmNetworkError(
        `RetailCRM at ${origin} did not answer within ${formatSeconds(deps.timeoutMs)}${tries}. ` +
          "Check that RetailCRM is up; the connector will try again later.",
        { reason: "timeout", method: request.method, path: request.path, attempts: attempt },
        error,
      );
    }
    const code = findErrorCode(error);
    const details = [code, attempt > 1 ? `${attempt} attempts` : undefined].filter(Boolean).join(", ");
    return new CrmNetworkError(
      `Could not reach RetailCRM at ${origin}${details ? ` (${details})` : ""}. ` +
        "Check the address in the connector settings; if it is right, RetailCRM may be down and the connector will try again later.",
      { reason: "connection", method: request.method, path: request.path, code, attempts: attempt },
      error,
    );
  }

  return { send, sendParsed };
}

function findErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === "string") return code;
    current = cause;
  }
  return undefined;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function elapsed(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

import { SyncError, type SyncErrorKind } from "../errors";

/** Field path (or list position) → message, whichever shape RetailCRM used for `errors`. */
export type CrmErrorMap = Record<string, string>;

export type CrmHttpErrorData = {
  status: number;
  method: string;
  path: string;
  errorMsg: string;
  errors: CrmErrorMap;
  requestId?: string;
  attempts: number;
};

export class CrmHttpError extends SyncError<CrmHttpErrorData> {
  readonly status: number;
  readonly errorMsg: string;
  readonly errors: CrmErrorMap;
  readonly requestId?: string;
  /** True when sending the same request again later may succeed. */
  readonly retryable: boolean;

  constructor(kind: SyncErrorKind, message: string, data: CrmHttpErrorData, retryable: boolean) {
    super(kind, message, data);
    this.status = data.status;
    this.errorMsg = data.errorMsg;
    this.errors = data.errors;
    this.requestId = data.requestId;
    this.retryable = retryable;
  }
}

export class CrmRateLimitError extends CrmHttpError {
  /** How long to wait before the key has capacity again (the server's Retry-After, or one window). */
  readonly retryAfterMs: number;
  /** True when `retryAfterMs` came from the server rather than our default. */
  readonly retryAfterFromServer: boolean;

  constructor(message: string, data: CrmHttpErrorData, retryAfterMs: number | undefined) {
    super("rate_limited", message, data, true);
    this.retryAfterMs = retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
    this.retryAfterFromServer = retryAfterMs !== undefined;
  }
}

/** The address answers, but not as a RetailCRM account (RetailCRM serves an HTML page for unknown accounts). */
export class CrmAccountNotFoundError extends CrmHttpError {
  constructor(baseUrl: string, data: CrmHttpErrorData) {
    super("auth", `No RetailCRM account answers at ${baseUrl}: check the address.`, data, false);
  }
}

export type CrmNetworkErrorData = {
  reason: "timeout" | "connection";
  method: string;
  path: string;
  code?: string;
  attempts: number;
};

export class CrmNetworkError extends SyncError<CrmNetworkErrorData> {
  readonly reason: "timeout" | "connection";
  readonly retryable = true;

  constructor(message: string, data: CrmNetworkErrorData, cause: unknown) {
    super("upstream", message, data, { cause });
    this.reason = data.reason;
  }
}

/** RetailCRM answered with success, but in a shape this client does not understand. */
export class CrmUnexpectedResponseError extends SyncError<{ method: string; path: string; problem: string }> {
  readonly retryable = false;
}

export function isRetryableCrmError(error: unknown): boolean {
  return (error instanceof CrmHttpError || error instanceof CrmNetworkError) && error.retryable;
}

const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/** What `throwForResponse` needs to know about the request that was sent. */
export type CrmResponseContext = {
  baseUrl: string;
  method: string;
  path: string;
  /** Words for the thing the request was about, e.g. "the order". */
  subject: string;
  attempts: number;
  /** Uploads answer 460 when some records failed; such a body is a result, not an error. */
  acceptPartial?: boolean;
};

export type CrmRawResponse = { status: number; text: string; headers: Headers };

/**
 * Turns a raw RetailCRM response into its JSON body, or throws the error that matches it.
 * 2xx (and 460 when `acceptPartial`) return the body; everything else throws.
 */
export function throwForResponse(response: CrmRawResponse, context: CrmResponseContext): Record<string, unknown> {
  const { status } = response;
  const body = parseJsonObject(response.text);
  const base = {
    status,
    method: context.method,
    path: context.path,
    requestId: response.headers.get("x-request-id") ?? undefined,
    attempts: context.attempts,
  };

  if (body === undefined) {
    const data = { ...base, errorMsg: "", errors: {} };
    if (status === 429 || status === 503) {
      return raise(new CrmRateLimitError(describeRateLimit(undefined, retryAfter(response.headers)), data, retryAfter(response.headers)));
    }
    if (status >= 500) {
      return raise(new CrmHttpError("upstream", describeServerError(status, "", context), data, true));
    }
    return raise(new CrmAccountNotFoundError(context.baseUrl, data));
  }

  const succeeded = status >= 200 && status < 300 && body.success !== false;
  if (succeeded || (status === 460 && context.acceptPartial)) return body;

  const errorMsg = typeof body.errorMsg === "string" ? body.errorMsg : "";
  const errors = normalizeCrmErrors(body.errors);
  const data = { ...base, errorMsg, errors };

  if (status === 401 || status === 403) {
    return raise(new CrmHttpError("auth", describeAuthError(errorMsg, context), data, false));
  }
  if (status === 404) {
    return raise(new CrmHttpError("not_found", `RetailCRM could not find ${context.subject}: ${errorMsg || "Not found"}.`, data, false));
  }
  if (status === 429 || status === 503) {
    const wait = retryAfter(response.headers);
    return raise(new CrmRateLimitError(describeRateLimit(errorMsg, wait), data, wait));
  }
  if (status >= 500) {
    return raise(new CrmHttpError("upstream", describeServerError(status, errorMsg, context), data, true));
  }
  if (status >= 400) {
    const details = describeDetails(errorMsg, errors);
    if (mentionsAlreadyExists(errorMsg, errors)) {
      return raise(new CrmHttpError("conflict", `RetailCRM already has ${context.subject}: ${details}`, data, false));
    }
    return raise(new CrmHttpError("validation", `RetailCRM rejected ${context.subject}: ${details}`, data, false));
  }
  return raise(
    new CrmHttpError(
      "upstream",
      `RetailCRM answered ${status} but reported a failure for ${context.subject}: ${errorMsg || "no reason given"}.`,
      data,
      false,
    ),
  );
}

function raise(error: Error): never {
  throw error;
}

/**
 * `errors` comes as an object keyed by field path, or as a list of "path: message" strings.
 * List entries without a recognisable path are keyed by their position.
 */
export function normalizeCrmErrors(raw: unknown): CrmErrorMap {
  if (Array.isArray(raw)) {
    const map: CrmErrorMap = {};
    raw.forEach((entry, index) => {
      const text = stringify(entry);
      const match = /^([\w.[\]-]+): (.+)$/s.exec(text);
      if (match?.[1] && match[2] && /[.[\]]|^[a-z]\w*$/i.test(match[1])) map[match[1]] = match[2];
      else map[String(index)] = text;
    });
    return map;
  }
  if (raw && typeof raw === "object") {
    return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, stringify(value)]));
  }
  return {};
}

export function mentionsAlreadyExists(errorMsg: string, errors: CrmErrorMap): boolean {
  return [errorMsg, ...Object.values(errors)].some((text) => /already exists/i.test(text));
}

/** "This payment type is not supported … (payments[0].type); …", or `errorMsg` when no field errors came back. */
export function describeDetails(errorMsg: string, errors: CrmErrorMap): string {
  const parts = Object.entries(errors).map(([field, message]) => {
    const sentence = message.trim().replace(/\.$/, "");
    return /^\d+$/.test(field) ? sentence : `${sentence} (${field})`;
  });
  if (parts.length === 0) return errorMsg || "no reason given";
  return parts.join("; ");
}

function describeAuthError(errorMsg: string, context: CrmResponseContext): string {
  if (/access denied/i.test(errorMsg)) {
    const scope = describeRequiredScope(context.method, context.path);
    return (
      `RetailCRM denied access to ${context.subject}: the API key lacks the ${scope ? `"${scope}" ` : ""}permission. ` +
      "Allow it for the key in RetailCRM (Settings → Integration → API keys)."
    );
  }
  return `RetailCRM refused the API key (${errorMsg || "access denied"}). Check the key in the connector settings.`;
}

function describeRateLimit(errorMsg: string | undefined, waitMs: number | undefined): string {
  const wait = waitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
  return `RetailCRM is limiting requests for this API key (${errorMsg || "rate limit exceeded"}); try again in ${Math.ceil(wait / 1000)} s.`;
}

function describeServerError(status: number, errorMsg: string, context: CrmResponseContext): string {
  return (
    `RetailCRM had a server error (${status}${errorMsg ? `: ${errorMsg}` : ""}) while handling ${context.subject}. ` +
    "The connector tries again; if it keeps happening, check RetailCRM's status."
  );
}

const SCOPE_BY_RESOURCE: Record<string, string> = {
  orders: "order",
  customers: "customer",
  "customers-corporate": "customer",
  reference: "reference",
  store: "store",
  "integration-modules": "integration",
  "custom-fields": "custom_fields",
  payments: "payments",
};

/** The RetailCRM permission a request needs, e.g. "order_write" for POST /api/v5/orders/create. */
export function describeRequiredScope(method: string, path: string): string | undefined {
  const resource = /^\/api\/v\d+\/([^/?]+)/.exec(path)?.[1];
  const family = resource ? SCOPE_BY_RESOURCE[resource] : undefined;
  if (!family) return undefined;
  return `${family}_${method.toUpperCase() === "GET" ? "read" : "write"}`;
}

function retryAfter(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(stringify).join("; ");
  return JSON.stringify(value);
}

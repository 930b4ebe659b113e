import { pino, type Logger } from "pino";
import { SyncError } from "../errors";
import { createCrmAccountApi } from "./account";
import { resolveRetryPolicy, type CrmRetryOptions } from "./backoff";
import { createCrmCustomersApi } from "./customers";
import { createCrmIntegrationApi } from "./integration";
import { createCrmOrdersApi } from "./orders";
import type { CrmRateLimiter } from "./rate-limiter";
import { createCrmReferenceApi } from "./reference";
import { createCrmRequester } from "./request";

export type CrmClientDeps = {
  /** The account address, e.g. https://shop.retailcrm.ru (a trailing `/api/v5` is tolerated). */
  baseUrl: string;
  apiKey: string;
  /** Site (store) code sent with writes and externalId lookups; needed when the key reaches several sites. */
  site?: string;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Shared per-key limiter; without one, the client relies on retries alone. */
  limiter?: CrmRateLimiter;
  /** Per attempt. Default 15 000 ms. */
  timeoutMs?: number;
  /** Default: 5 attempts, 100 ms base, 5 000 ms cap. */
  retry?: CrmRetryOptions;
};

/** A RetailCRM API v5 client bound to one account, key and (optionally) site. */
export function createCrmClient(deps: CrmClientDeps) {
  const baseUrl = normalizeCrmBaseUrl(deps.baseUrl);
  const request = createCrmRequester({
    baseUrl,
    apiKey: deps.apiKey,
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    logger: (deps.logger ?? pino({ level: "silent" })).child({ component: "crm-client" }),
    limiter: deps.limiter,
    timeoutMs: deps.timeoutMs ?? 15_000,
    retry: resolveRetryPolicy(deps.retry),
  });

  return {
    baseUrl,
    site: deps.site,
    ...createCrmAccountApi(request),
    reference: createCrmReferenceApi(request),
    customers: createCrmCustomersApi(request, deps.site),
    orders: createCrmOrdersApi(request, deps.site),
    integration: createCrmIntegrationApi(request),
  };
}

export type CrmClient = ReturnType<typeof createCrmClient>;

/** `https://shop.retailcrm.ru/api/v5/` → `https://shop.retailcrm.ru`. */
export function normalizeCrmBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SyncError("validation", `"${input}" is not a web address. Enter your RetailCRM address, e.g. https://yourshop.retailcrm.ru.`, {
      baseUrl: input,
    });
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/api(\/v\d+)?$/, "");
  return `${url.origin}${path}`;
}

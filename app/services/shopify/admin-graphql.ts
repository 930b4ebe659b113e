import { setTimeout as sleep } from "node:timers/promises";
import { SyncError } from "../errors";
import type { Logger } from "../logger";

/** The shape of `admin.graphql` from @shopify/shopify-app-remix. */
export type AdminGraphqlFn = (query: string, options?: { variables?: Record<string, unknown>; signal?: AbortSignal }) => Promise<Response>;

export interface ShopifyCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/** Runs one GraphQL document and returns `data`; `userErrors` are data and stay with the caller. */
export type ShopifyGraphql = <TData>(document: string, variables?: Record<string, unknown>, options?: { signal?: AbortSignal }) => Promise<TData>;

interface GraphqlQueryErrorLike {
  message: string;
  body?: { errors?: { graphQLErrors?: Array<{ message?: string; extensions?: { code?: string } }> }; extensions?: { cost?: ShopifyCost } };
}

function graphqlErrorsOf(error: unknown): GraphqlQueryErrorLike["body"] | undefined {
  const body = (error as GraphqlQueryErrorLike | undefined)?.body;
  return body?.errors?.graphQLErrors ? body : undefined;
}

/** How long until the bucket holds what the query asked for, from Shopify's cost report. */
export function throttleWaitMs(cost: ShopifyCost | undefined): number {
  const status = cost?.throttleStatus;
  if (!status || !status.restoreRate) return 1_000;
  const missing = Math.max(0, (cost?.requestedQueryCost ?? 50) - status.currentlyAvailable);
  return Math.ceil((missing / status.restoreRate) * 1000) + 50;
}

/**
 * Wraps admin.graphql with what a background sync needs: THROTTLED answers wait for the cost bucket and try again,
 * HTTP failures become SyncErrors of the right kind, and GraphQL errors carry their messages in plain words.
 */
export function createShopifyGraphql(graphql: AdminGraphqlFn, deps: { shop: string; logger: Logger; maxThrottleRetries?: number }): ShopifyGraphql {
  const maxRetries = deps.maxThrottleRetries ?? 8;
  return async function run<TData>(document: string, variables?: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<TData> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await graphql(document, { variables, signal: options?.signal });
        const body = (await response.json()) as { data?: TData };
        if (body.data === undefined || body.data === null) {
          throw new SyncError("upstream", `Shopify returned no data for ${operationName(document)}.`, { shop: deps.shop });
        }
        return body.data;
      } catch (error) {
        if (error instanceof SyncError) throw error;
        const status = httpStatusOf(error);
        if (status !== undefined) throw httpError(status, deps.shop, document, error);
        const body = graphqlErrorsOf(error);
        const errors = body?.errors?.graphQLErrors ?? [];
        if (errors.some((e) => e.extensions?.code === "THROTTLED") && attempt < maxRetries) {
          const waitMs = throttleWaitMs(body?.extensions?.cost);
          deps.logger.debug({ shop: deps.shop, waitMs, attempt }, "Shopify throttled the query; waiting for the cost bucket");
          await sleep(waitMs, undefined, { signal: options?.signal });
          continue;
        }
        if (errors.length) {
          const denied = errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
          throw new SyncError(
            denied ? "auth" : errors.some((e) => e.extensions?.code === "THROTTLED") ? "rate_limited" : "upstream",
            `Shopify rejected ${operationName(document)}: ${errors.map((e) => e.message).join("; ")}${denied ? ". Open the app in the Shopify admin and accept the updated permissions." : ""}`,
            { shop: deps.shop },
            { cause: error },
          );
        }
        throw new SyncError("upstream", `Could not reach Shopify for ${deps.shop}: ${(error as Error).message}`, { shop: deps.shop }, { cause: error });
      }
    }
  };
}

function operationName(document: string): string {
  return /\b(query|mutation)\s+(\w+)/.exec(document)?.[2] ?? "a GraphQL request";
}

/**
 * The HTTP status of a failed call: the Remix client throws a Response in request contexts and shopify-api's
 * HttpResponseError (`response.code`) in background ones.
 */
function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof Response) return error.status;
  const code = (error as { response?: { code?: unknown } } | undefined)?.response?.code;
  return typeof code === "number" ? code : undefined;
}

function httpError(status: number, shop: string, document: string, cause: unknown): SyncError {
  if (status === 401 || status === 403) {
    return new SyncError(
      "auth",
      `Shopify refused the app's access to ${shop} (HTTP ${status}). The app may have been uninstalled, or it needs to be opened once to renew its access.`,
      { shop, status },
      { cause },
    );
  }
  if (status === 429) return new SyncError("rate_limited", `Shopify is throttling ${shop}; the sync will try again shortly.`, { shop, status }, { cause });
  return new SyncError("upstream", `Shopify answered HTTP ${status} to ${operationName(document)} for ${shop}.`, { shop, status }, { cause });
}

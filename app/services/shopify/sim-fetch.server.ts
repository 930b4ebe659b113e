import { rewriteShopifyUrl } from "../../../sim/shopify/fetch-redirect";

type FetchFunction = (...params: Parameters<typeof fetch>) => Promise<Response>;

/**
 * Wraps `baseFetch` so that requests to https://<shop>.myshopify.com/... reach the Shopify simulator at
 * `simUrl` (under `/shops/<shop>/...`, the simulator's own URL scheme). Every other URL passes through untouched.
 */
export function createShopifySimulatorFetch(simUrl: string, baseFetch: FetchFunction): FetchFunction {
  return (input, init) => {
    const target = rewriteShopifyUrl(input instanceof Request ? input.url : input, simUrl);
    if (target === null) return baseFetch(input, init);
    return baseFetch(input instanceof Request ? new Request(target, input) : target, init);
  };
}

type FetchFunction = (...params: Parameters<typeof fetch>) => Promise<Response>;

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/**
 * Wraps `baseFetch` so that requests to https://<shop>.myshopify.com/... go to the Shopify simulator at
 * `simUrl` instead (under its path, if it has one), keeping path and query. The shop's host travels in X-Forwarded-Host, so one simulator can
 * serve many shops. Every other URL passes through untouched.
 */
export function createShopifySimulatorFetch(simUrl: string, baseFetch: FetchFunction): FetchFunction {
  const simulator = new URL(simUrl);
  const prefix = simulator.pathname.replace(/\/$/, "");
  return (input, init) => {
    const original = new URL(input instanceof Request ? input.url : input);
    if (!SHOP_HOST.test(original.hostname)) return baseFetch(input, init);

    const target = new URL(prefix + original.pathname + original.search, simulator.origin);
    if (input instanceof Request) {
      const request = new Request(target, input);
      request.headers.set("X-Forwarded-Host", original.host);
      return baseFetch(request, init);
    }
    const headers = new Headers(init?.headers);
    headers.set("X-Forwarded-Host", original.host);
    return baseFetch(target, { ...init, headers });
  };
}

/**
 * Sends Shopify Admin traffic to the simulator: `https://<shop>.myshopify.com/<path>` becomes
 * `<simUrl>/shops/<shop>.myshopify.com/<path>`. Load it before the Shopify libraries, which keep the
 * `fetch` they see at import time:
 *   SHOPIFY_SIM_URL=http://127.0.0.1:4200 node --import tsx --import ./sim/shopify/fetch-redirect.ts …
 * Without SHOPIFY_SIM_URL this module changes nothing.
 */

const MYSHOPIFY_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;
const INSTALLED = Symbol.for("shopify-sim.fetch-redirect");

type Fetch = typeof globalThis.fetch;
type RedirectingFetch = Fetch & { [INSTALLED]?: { original: Fetch; simUrl: string } };

/** The simulator URL for a myshopify.com URL, or null for any other URL. */
export function rewriteShopifyUrl(url: string | URL, simUrl: string): string | null {
  const parsed = new URL(url);
  if (!MYSHOPIFY_HOST.test(parsed.hostname)) return null;
  const base = simUrl.replace(/\/+$/, "");
  return `${base}/shops/${parsed.hostname.toLowerCase()}${parsed.pathname}${parsed.search}`;
}

/** Wraps `globalThis.fetch`; returns a function that restores the previous one. Installing twice replaces the target. */
export function installShopifyFetchRedirect(simUrl: string): () => void {
  const current = globalThis.fetch as RedirectingFetch;
  const original = current[INSTALLED]?.original ?? current;
  const redirecting: RedirectingFetch = async (input, init) => {
    const url = typeof input === "string" || input instanceof URL ? input : input.url;
    const target = rewriteShopifyUrl(url, simUrl);
    if (target === null) return original(input, init);
    if (typeof input === "string" || input instanceof URL) return original(target, init);
    return original(new Request(target, input), init);
  };
  redirecting[INSTALLED] = { original, simUrl };
  globalThis.fetch = redirecting;
  return () => {
    if (globalThis.fetch === redirecting) globalThis.fetch = original;
  };
}

const fromEnvironment = process.env.SHOPIFY_SIM_URL;
if (fromEnvironment) installShopifyFetchRedirect(fromEnvironment);

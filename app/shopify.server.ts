import "@shopify/shopify-app-remix/adapters/node";
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getConfig } from "./config.server";
import { getDb } from "./db.server";
import { recordShopInstalled } from "./services/shops.server";
import { createShopifySimulatorFetch } from "./services/shopify/sim-fetch.server";

/** The Admin API version of every call; shopify.app.toml `[webhooks] api_version` must name the same one. */
export const SHOPIFY_API_VERSION = ApiVersion.October26;

/** The Shopify libraries' own lines (e.g. their version banner at start-up) only when something is wrong or when debugging. */
export function shopifyLibraryLogLevel(appLogLevel: string): LogSeverity {
  return appLogLevel === "debug" || appLogLevel === "trace" ? LogSeverity.Debug : LogSeverity.Warning;
}

const config = getConfig();

// The node adapter (imported above) captured fetch when it loaded, so the simulator is wired in through the
// library's own hook rather than by patching globalThis.fetch.
if (config.shopifySimUrl) {
  setAbstractFetchFunc(createShopifySimulatorFetch(config.shopifySimUrl, abstractFetch));
}

const shopify = shopifyApp({
  apiKey: config.shopify.apiKey,
  apiSecretKey: config.shopify.apiSecret,
  appUrl: config.shopify.appUrl,
  scopes: [...config.shopify.scopes],
  apiVersion: SHOPIFY_API_VERSION,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(getDb()),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  logger: { level: shopifyLibraryLogLevel(config.logLevel) },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordShopInstalled(session.shop);
    },
  },
});

export default shopify;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;

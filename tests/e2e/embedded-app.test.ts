import { Queue } from "bullmq";
import { jobIds, QUEUES, redisConnection } from "../../workers/queues";
import { upsertCatalogSchedule } from "../../workers/schedules";
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getConfig } from "../../app/config.server";
import { getDb } from "../../app/db.server";
import { encryptSecret } from "../../app/services/crypto";
import { makeHostParam, makeSessionToken, storeOfflineSession } from "../helpers/shopify-session";
import { ensureAppBuild, findFreePort, startAppServer, type AppServer } from "../../scripts/lib/app-server";
import { createShopifySimulator, type ShopifySimulator } from "../../sim/shopify";

// The production build served by remix-serve, as `npm run build && npm start` runs it. The build runs only when
// build/server/index.js is missing or older than the sources (see ensureAppBuild).

const API_KEY = "e2e-api-key";
const API_SECRET = "e2e-api-secret";
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let app: AppServer;
let shopify: ShopifySimulator;

function serverEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    DATABASE_URL: inject("databaseUrl"),
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    LOG_LEVEL: "warn",
    ...overrides,
  };
}

function countTokenExchanges(shop: string): number {
  return shopify.requests.filter((request) => request.shop === shop && request.kind === "access-token").length;
}

function makeShopDomain(): string {
  return `e2e-${randomUUID().slice(0, 8)}.myshopify.com`;
}

function adminUrl(shop: string, idToken?: string): string {
  const params = new URLSearchParams({ embedded: "1", shop, host: makeHostParam(shop) });
  if (idToken) params.set("id_token", idToken);
  return `${app.url}/app?${params}`;
}

async function getAdminPage(shop: string, idToken?: string, userAgent = BROWSER_UA): Promise<Response> {
  return fetch(adminUrl(shop, idToken), { headers: { "User-Agent": userAgent }, redirect: "manual" });
}

async function postWebhook(topic: string, shop: string, payload: unknown, secret = API_SECRET): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${app.url}/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body, "utf8").digest("base64"),
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
}

beforeAll(async () => {
  const build = await ensureAppBuild();
  if (build.built) console.log(`e2e: built the app in ${build.durationMs} ms`);
  shopify = createShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, throttle: false });
  await shopify.listen(0, "127.0.0.1");
  app = await startAppServer(serverEnv({ SHOPIFY_SIM_URL: shopify.url }));
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await shopify?.close();
});

describe("embedded admin (/app)", () => {
  it("renders the home page for a shop with an active offline session", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored");
    // WHEN
    const response = await getAdminPage(shop, makeSessionToken({ shop, apiKey: API_KEY, apiSecret: API_SECRET }));
    // THEN
    const html = await response.text();
    expect(response.status, app.output()).toBe(200);
    expect(html).toContain("RetailCRM connector");
    expect(html).toContain(shop);
    expect(html).toContain("Not connected yet");
    expect(countTokenExchanges(shop)).toBe(0);
  });

  it("shows the CRM the shop is connected to", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored");
    await getDb().shop.create({
      data: {
        domain: shop,
        status: "connected",
        crmUrl: "https://e2e.retailcrm.ru",
        crmApiKeyEnc: encryptSecret("crm-api-key", getConfig().encryptionKey),
        crmSite: "e2e-store",
        connectedAt: new Date(),
      },
    });
    // WHEN
    const response = await getAdminPage(shop, makeSessionToken({ shop, apiKey: API_KEY, apiSecret: API_SECRET }));
    // THEN
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toMatch(/Connected to (<!-- -->)?https:\/\/e2e\.retailcrm\.ru/);
    expect(html).toContain("(site e2e-store)");
    expect(html).not.toContain("Not connected yet");
  });

  it("exchanges the session token for an offline token on first open and records the install", async () => {
    // GIVEN a shop that installed the app, which the app has never seen
    const shop = makeShopDomain();
    shopify.addShop(shop);
    // WHEN
    const response = await getAdminPage(shop, makeSessionToken({ shop, apiKey: API_KEY, apiSecret: API_SECRET }));
    // THEN
    expect(response.status, app.output()).toBe(200);
    expect(await response.text()).toContain("Not connected yet");
    shopify.assertNoViolations();
    // The layout and the page loaders authenticate in parallel, so each may exchange once.
    expect(countTokenExchanges(shop)).toBeGreaterThanOrEqual(1);
    const session = await getDb().session.findUnique({ where: { id: `offline_${shop}` } });
    expect(session?.accessToken).toMatch(/^shpat_/);
    expect(session?.refreshToken).toMatch(/^shprt_/);
    const row = await getDb().shop.findUnique({ where: { domain: shop } });
    expect(row).toMatchObject({ status: "installed", uninstalledAt: null });
  });

  it("gives a shop that reinstalls a new session and its stored CRM connection back", async () => {
    // GIVEN a connected shop that uninstalled the app
    const shop = makeShopDomain();
    shopify.addShop(shop);
    await storeOfflineSession(shop, "shpat_before_uninstall");
    await getDb().shop.create({
      data: {
        domain: shop,
        status: "connected",
        crmUrl: "https://e2e.retailcrm.ru",
        crmApiKeyEnc: encryptSecret("crm-api-key", getConfig().encryptionKey),
        crmSite: "e2e-store",
      },
    });
    expect((await postWebhook("app/uninstalled", shop, { id: 1, myshopify_domain: shop })).status).toBe(200);
    // WHEN the merchant opens the app again
    const response = await getAdminPage(shop, makeSessionToken({ shop, apiKey: API_KEY, apiSecret: API_SECRET }));
    // THEN
    expect(response.status, app.output()).toBe(200);
    expect(await response.text()).toContain("(site e2e-store)");
    shopify.assertNoViolations();
    expect(countTokenExchanges(shop)).toBeGreaterThanOrEqual(1);
    const session = await getDb().session.findUnique({ where: { id: `offline_${shop}` } });
    expect(session?.accessToken).not.toBe("shpat_before_uninstall");
    expect(await getDb().shop.findUnique({ where: { domain: shop } })).toMatchObject({ status: "connected", uninstalledAt: null });
  });

  it("does not render the page without a session token", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored");
    // WHEN
    const response = await getAdminPage(shop);
    // THEN the library bounces the browser to fetch a token instead
    const body = await response.text();
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/auth/session-token");
    expect(body).not.toContain("Not connected yet");
  });

  it("does not render the page for a session token signed with another secret", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored");
    const forged = makeSessionToken({ shop, apiKey: API_KEY, apiSecret: "not-the-app-secret" });
    // WHEN
    const response = await getAdminPage(shop, forged);
    // THEN
    const body = await response.text();
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/auth/session-token");
    expect(body).not.toContain("Not connected yet");
    expect(countTokenExchanges(shop)).toBe(0);
  });

  it("answers 401 to a fetch whose bearer token is signed with another secret", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored");
    const forged = makeSessionToken({ shop, apiKey: API_KEY, apiSecret: "not-the-app-secret" });
    // WHEN
    const response = await fetch(`${app.url}/app`, {
      headers: { "User-Agent": BROWSER_UA, Authorization: `Bearer ${forged}` },
      redirect: "manual",
    });
    // THEN App Bridge is told to fetch a fresh token and retry
    expect(response.status).toBe(401);
    expect(response.headers.get("x-shopify-retry-invalid-session-request")).toBe("1");
    expect(await response.text()).not.toContain("Not connected yet");
  });

  it("answers 410 Gone to bots, so scripts must send a browser User-Agent", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored");
    // WHEN
    const response = await getAdminPage(shop, makeSessionToken({ shop, apiKey: API_KEY, apiSecret: API_SECRET }), "curl/8.5.0");
    // THEN
    expect(response.status).toBe(410);
  });
});

describe("public pages", () => {
  it("serves the landing page with a shop login form", async () => {
    // WHEN
    const response = await fetch(`${app.url}/`, { headers: { "User-Agent": BROWSER_UA } });
    // THEN
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain("RetailCRM connector for Shopify");
    expect(html).toMatch(/<form[^>]*action="\/auth\/login"/);
  });

  it("sends a visitor who arrives with ?shop= into the app", async () => {
    // WHEN
    const response = await fetch(`${app.url}/?shop=e2e-landing.myshopify.com&host=abc`, { redirect: "manual" });
    // THEN
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/app?shop=e2e-landing.myshopify.com&host=abc");
  });
});

describe("/health", () => {
  it("reports the database and Redis up", async () => {
    // WHEN
    const response = await fetch(`${app.url}/health`);
    // THEN
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: "up", redis: "up" });
  });

  it("answers 503 and names Redis when Redis does not answer", async () => {
    // GIVEN an instance whose Redis address has nothing listening
    const deadRedisPort = await findFreePort();
    const instance = await startAppServer(serverEnv({ REDIS_URL: `redis://127.0.0.1:${deadRedisPort}` }));
    try {
      // WHEN
      const response = await fetch(`${instance.url}/health`);
      // THEN
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ok: false, db: "up", redis: "down" });
    } finally {
      await instance.stop();
    }
  });
});

describe("webhooks", () => {
  it("rejects app/uninstalled with a bad HMAC and changes nothing", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored");
    await getDb().shop.create({ data: { domain: shop } });
    // WHEN
    const response = await postWebhook("app/uninstalled", shop, { id: 1, myshopify_domain: shop }, "wrong-secret");
    // THEN
    expect(response.status).toBe(401);
    expect(await getDb().session.count({ where: { shop } })).toBe(1);
    expect(await getDb().shop.findUnique({ where: { domain: shop } })).toMatchObject({ status: "installed" });
  });

  it("app/uninstalled deletes the shop's sessions and marks it uninstalled, once", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored");
    await getDb().shop.create({ data: { domain: shop, status: "connected", crmUrl: "https://e2e.retailcrm.ru" } });
    const catalogQueue = new Queue(QUEUES.catalog, { connection: redisConnection(process.env.REDIS_URL ?? "redis://127.0.0.1:6379") });
    await upsertCatalogSchedule(catalogQueue, shop);
    // WHEN
    const first = await postWebhook("app/uninstalled", shop, { id: 1, myshopify_domain: shop });
    const afterFirst = await getDb().shop.findUnique({ where: { domain: shop } });
    const repeat = await postWebhook("app/uninstalled", shop, { id: 1, myshopify_domain: shop });
    // THEN
    expect(first.status).toBe(200);
    expect(repeat.status).toBe(200);
    expect(await getDb().session.count({ where: { shop } })).toBe(0);
    expect(afterFirst).toMatchObject({ status: "uninstalled", uninstalledAt: expect.any(Date) });
    expect(await getDb().shop.findUnique({ where: { domain: shop } })).toEqual(afterFirst);
    // AND its 4-hourly catalog build is no longer scheduled
    expect(await catalogQueue.getJobScheduler(jobIds.catalogScheduler(shop))).toBeUndefined();
    await catalogQueue.close();
  });

  it("app/uninstalled for a shop with no row still answers 200", async () => {
    // GIVEN
    const shop = makeShopDomain();
    // WHEN
    const response = await postWebhook("app/uninstalled", shop, { id: 1, myshopify_domain: shop });
    // THEN
    expect(response.status).toBe(200);
    expect(await getDb().shop.findUnique({ where: { domain: shop } })).toBeNull();
  });

  it("app/scopes_update stores the scopes the merchant granted", async () => {
    // GIVEN
    const shop = makeShopDomain();
    await storeOfflineSession(shop, "shpat_stored", { scope: "read_products" });
    // WHEN
    const response = await postWebhook("app/scopes_update", shop, {
      id: 1,
      shop_id: "gid://shopify/Shop/1",
      previous: ["read_products"],
      current: ["read_products", "read_orders"],
      updated_at: new Date().toISOString(),
    });
    // THEN
    expect(response.status).toBe(200);
    const session = await getDb().session.findUnique({ where: { id: `offline_${shop}` } });
    expect(session?.scope).toBe("read_products,read_orders");
  });
});

import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../app/config.server";
import { createDb } from "../../../app/db.server";
import { decryptSecret } from "../../../app/services/crypto";
import { createCrmSimulator, type CrmSimulator } from "../../../sim/retailcrm/index";
import { runCli } from "../../helpers/cli";

const ALL_SCOPES = ["order_read", "order_write", "customer_read", "customer_write", "reference_read", "reference_write", "store_read"];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("cli connect", () => {
  let sim: CrmSimulator;
  let crmUrl: string;
  const db = createDb(process.env.DATABASE_URL);

  beforeAll(async () => {
    sim = createCrmSimulator();
    crmUrl = await sim.listen();
  });
  afterAll(async () => {
    await sim.close();
    await db.$disconnect();
  });

  async function installedShop(): Promise<string> {
    const shop = `cli-${randomUUID().slice(0, 8)}.myshopify.com`;
    const added = await runCli(["shop", "add", "--shop", shop, "--token", "shpat_test"]);
    expect(added.json).toMatchObject({ ok: true, result: { shop, status: "installed" } });
    return shop;
  }

  it("connects with a good key and stores it sealed", async () => {
    // GIVEN an installed shop and a key with every scope and one site
    const shop = await installedShop();
    const apiKey = `good-${randomUUID()}`;
    sim.addApiKey({ key: apiKey, scopes: ALL_SCOPES, sites: ["shop-1"] });
    // WHEN the operator connects it
    const run = await runCli(["connect", "--shop", shop, "--crm-url", crmUrl, "--api-key", apiKey]);
    // THEN it is connected to the key's only site, and the key is stored encrypted
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ ok: true, result: { shop, site: "shop-1", crmUrl } });
    const row = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(row.status).toBe("connected");
    expect(row.crmApiKeyEnc).not.toContain(apiKey);
    expect(decryptSecret(row.crmApiKeyEnc!, loadConfig({}).encryptionKey)).toBe(apiKey);
    expect(row.icmlToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // AND status shows it
    const status = await runCli(["status", "--shop", shop]);
    expect(status.json).toMatchObject({ ok: true, result: { status: "connected", crmSite: "shop-1", hasOfflineSession: true } });
  });

  it("shop add after an uninstall gives the shop its stored CRM connection back", async () => {
    // GIVEN a connected shop that uninstalled the app
    const shop = await installedShop();
    const apiKey = `reinstall-${randomUUID()}`;
    sim.addApiKey({ key: apiKey, scopes: ALL_SCOPES, sites: ["shop-1"] });
    expect((await runCli(["connect", "--shop", shop, "--crm-url", crmUrl, "--api-key", apiKey])).code).toBe(0);
    await db.shop.update({ where: { domain: shop }, data: { status: "uninstalled", uninstalledAt: new Date() } });
    // WHEN the operator adds it again THEN it is connected again, with no uninstall date
    const again = await runCli(["shop", "add", "--shop", shop, "--token", "shpat_again"]);
    expect(again.json).toMatchObject({ ok: true, result: { shop, status: "connected" } });
    expect(await db.shop.findUniqueOrThrow({ where: { domain: shop } })).toMatchObject({ status: "connected", uninstalledAt: null });
  });

  it("refuses a key RetailCRM does not accept", async () => {
    const shop = await installedShop();
    const run = await runCli(["connect", "--shop", shop, "--crm-url", crmUrl, "--api-key", "no-such-key"]);
    expect(run.code).toBe(1);
    expect(run.json.error).toMatch(/did not accept this API key/);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: shop } })).crmApiKeyEnc).toBeNull();
  });

  it("refuses a key without access to the requested site", async () => {
    const shop = await installedShop();
    const apiKey = `other-site-${randomUUID()}`;
    sim.addApiKey({ key: apiKey, scopes: ALL_SCOPES, sites: ["shop-2"] });
    const run = await runCli(["connect", "--shop", shop, "--crm-url", crmUrl, "--api-key", apiKey, "--site", "shop-1"]);
    expect(run.code).toBe(1);
    expect(run.json.error).toMatch(/no access to the site "shop-1"; it reaches shop-2/);
  });

  it("names the scopes a key lacks", async () => {
    const shop = await installedShop();
    const apiKey = `narrow-${randomUUID()}`;
    sim.addApiKey({ key: apiKey, scopes: ["order_read", "customer_read", "reference_read"], sites: ["shop-1"] });
    const run = await runCli(["connect", "--shop", shop, "--crm-url", crmUrl, "--api-key", apiKey]);
    expect(run.code).toBe(1);
    expect(run.json.error).toMatch(/lacks the permissions order_write, customer_write, reference_write, store_read/);
  });

  it("asks for --site when a key reaches several sites", async () => {
    const shop = await installedShop();
    const apiKey = `wide-${randomUUID()}`;
    sim.addApiKey({ key: apiKey, scopes: ALL_SCOPES, sites: ["shop-1", "shop-2"] });
    const run = await runCli(["connect", "--shop", shop, "--crm-url", crmUrl, "--api-key", apiKey]);
    expect(run.code).toBe(1);
    expect(run.json.error).toMatch(/reaches 2 sites \(shop-1, shop-2\)\. Choose/);
    const chosen = await runCli(["connect", "--shop", shop, "--crm-url", crmUrl, "--api-key", apiKey, "--site", "shop-2"]);
    expect(chosen.json).toMatchObject({ ok: true, result: { site: "shop-2" } });
  });

  it("reports an unreachable address plainly", async () => {
    const shop = await installedShop();
    const run = await runCli(["connect", "--shop", shop, "--crm-url", `http://127.0.0.1:${await closedPort()}`, "--api-key", "k"]);
    expect(run.code).toBe(1);
    expect(run.json.error).toMatch(/Could not reach RetailCRM at http:\/\/127\.0\.0\.1:\d+/);
  });

  it("refuses plain http and private addresses in production", async () => {
    const shop = await installedShop();
    const production = {
      NODE_ENV: "production",
      SHOPIFY_API_KEY: "k",
      SHOPIFY_API_SECRET: "s",
      SHOPIFY_APP_URL: "https://app.example.com",
      APP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
    };
    const http = await runCli(["connect", "--shop", shop, "--crm-url", "http://crm.example.com", "--api-key", "k"], production);
    expect(http.json.error).toMatch(/must start with https:\/\//);
    const loopback = await runCli(["connect", "--shop", shop, "--crm-url", "https://127.0.0.1", "--api-key", "k"], production);
    expect(loopback.json.error).toMatch(/private network address/);
    expect(sim.requests.filter((r) => r.apiKey === "k")).toHaveLength(0);
  });
});

// npm run demo: the whole connector on embedded defaults. Starts (or reuses) Redis, migrates SQLite, starts both
// simulators, the web app and a worker, installs and connects a demo shop, lets the simulated merchant create a
// varied set of customers and orders, and prints what arrived in the CRM. Runs until Ctrl-C (`--once`: exits
// after the summary, which is how the test suite smoke-tests it).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "../app/config.server";
import { createCrmSimulator } from "../sim/retailcrm/index";
import { createShopifySimulator } from "../sim/shopify/index";
import { ensureAppBuild, startAppServer } from "./lib/app-server";
import { migrateDatabase } from "./lib/database";
import { ensureRedis } from "./lib/redis";

const once = process.argv.includes("--once");
const SHOP = "demo.myshopify.com";
const CRM_KEY = "demo-crm-key";
const config = loadConfig();
const children: ChildProcess[] = [];
const stops: Array<() => Promise<void>> = [];

function step(text: string) {
  console.log(`\n▸ ${text}`);
}

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["workers/index.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[worker] ${chunk}`));
  children.push(child);
  return child;
}

async function cli(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["cli/index.ts", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`npm run cli -- ${args.join(" ")} failed:\n${output}`);
  return output.trim();
}

async function shutdown(code: number): Promise<never> {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined)));
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  step(`Redis at ${config.redisUrl}`);
  await ensureRedis(config.redisUrl);

  step(`Database ${config.databaseUrl}`);
  await migrateDatabase(config.databaseUrl, { quiet: true });

  step("Simulators");
  const crm = createCrmSimulator({ rateLimitPerSecond: 10 });
  const crmUrl = await crm.listen(4100).catch(() => crm.listen(0));
  crm.addApiKey({ key: CRM_KEY, sites: ["shop-1"] });
  stops.push(() => crm.close());
  const shopify = createShopifySimulator({ apiSecret: config.shopify.apiSecret, apiKey: config.shopify.apiKey, strict: false });
  const shopifyUrl = await shopify.listen(4200).catch(() => shopify.listen(0));
  const { accessToken } = shopify.addShop(SHOP);
  stops.push(() => shopify.close());
  console.log(`  RetailCRM simulator ${crmUrl} (API key ${CRM_KEY}, site shop-1)`);
  console.log(`  Shopify simulator   ${shopifyUrl} (shop ${SHOP})`);

  step("Web app (building it first if the sources changed)");
  const build = await ensureAppBuild();
  const env = {
    // Not "development": remix-serve would then wait for a Vite dev server. Not "production": that forbids simulators.
    NODE_ENV: "test",
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    SHOPIFY_API_KEY: config.shopify.apiKey,
    SHOPIFY_API_SECRET: config.shopify.apiSecret,
    SHOPIFY_SIM_URL: shopifyUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  };
  const app = await startAppServer(env);
  stops.push(() => app.stop());
  shopify.webhooks.setWebhookUrl(app.url);
  console.log(`  ${app.url}${build.built ? ` (built in ${(build.durationMs / 1000).toFixed(1)} s)` : ""}`);

  step("Worker");
  startWorker({ ...env, SHOPIFY_APP_URL: app.url });

  step(`Install and connect ${SHOP}`);
  const cliEnv = { ...env, SHOPIFY_APP_URL: app.url };
  console.log(indent(await cli(["shop", "add", "--shop", SHOP, "--token", accessToken], cliEnv)));
  console.log(indent(await cli(["connect", "--shop", SHOP, "--crm-url", crmUrl, "--api-key", CRM_KEY, "--site", "shop-1"], cliEnv)));

  step("The merchant's shop comes alive (webhooks flow to the app)");
  const seed = shopify.seedDemo(SHOP, { webhooks: true });
  console.log(`  ${seed.products.length} products, ${seed.customers.length} customers, ${seed.orders.length} orders created in Shopify`);

  const expectedOrders = seed.orders.length;
  const deadline = Date.now() + 90_000;
  let snapshot = crm.snapshot();
  while (Date.now() < deadline) {
    snapshot = crm.snapshot();
    if (snapshot.orders.filter((o) => o.externalId).length >= expectedOrders) break;
    await sleep(500);
  }
  await sleep(1_000);

  step("Catalog: build the ICML file now and let the CRM load it (it would otherwise follow the schedule)");
  console.log(indent(await cli(["catalog", "build", "--shop", SHOP], cliEnv)));
  const load = await crm.loadCatalog("shop-1");
  console.log(load.ok ? `  The CRM loaded ${load.counts?.offers} offers of ${load.counts?.products} products from ${load.url}` : `  The CRM refused the file: ${load.error}`);
  snapshot = crm.snapshot();

  step("What arrived in RetailCRM");
  console.log("  Customers:");
  for (const customer of snapshot.customers) {
    const c = customer as Record<string, unknown>;
    const phones = ((c.phones as Array<{ number: string }>) ?? []).map((p) => p.number).join(", ");
    const address = (c.address as { text?: string } | undefined)?.text ?? "";
    console.log(`    #${c.id} ${[c.firstName, c.lastName].filter(Boolean).join(" ")} <${c.email ?? "-"}> ${phones} ${address ? `· ${address}` : ""}`);
  }
  console.log("  Orders:");
  for (const order of snapshot.orders) {
    const o = order as Record<string, unknown>;
    const items = ((o.items as Array<Record<string, unknown>>) ?? []).map((i) => `${i.quantity}× ${i.productName ?? (i.offer as { name?: string })?.name ?? "?"}`).join("; ");
    const comment = o.managerComment ? ` · note: "${o.managerComment}"` : "";
    console.log(`    ${o.number} [${o.status}] ${o.firstName ?? ""} ${o.lastName ?? ""} · ${items}${comment}`);
  }
  const synced = snapshot.orders.filter((o) => o.externalId).length;
  console.log(`\n  ${synced}/${expectedOrders} orders and ${snapshot.customers.length} customers in the CRM.`);
  console.log(`  Sync state: npm run cli -- status --shop ${SHOP}`);

  if (once) await shutdown(synced >= expectedOrders ? 0 : 1);
  console.log(`\nRunning. App ${app.url} · RetailCRM simulator ${crmUrl} · Shopify simulator ${shopifyUrl}. Ctrl-C stops everything.`);
} catch (error) {
  console.error(`\nThe demo stopped: ${(error as Error).message}`);
  await shutdown(1);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

/**
 * Runs the Shopify simulator on its own:
 *   npx tsx sim/shopify/main.ts --port 4200 --secret S --webhook-url http://127.0.0.1:3000 --shop demo.myshopify.com --seed
 * Point the app at it with SHOPIFY_SIM_URL=<printed URL> and `--import ./sim/shopify/fetch-redirect.ts`.
 */
import { Command } from "commander";
import { createShopifySimulator } from "./index";

const program = new Command()
  .name("shopify-sim")
  .description("Local Shopify Admin API + webhook simulator")
  .option("--port <port>", "port to listen on", "4200")
  .option("--host <host>", "address to listen on", "127.0.0.1")
  .option("--secret <secret>", "the app's API secret (signs webhooks and session tokens)", process.env.SHOPIFY_API_SECRET)
  .option("--api-key <key>", "the app's API key (client id)", process.env.SHOPIFY_API_KEY)
  .option("--webhook-url <url>", "base URL of the app that receives webhooks")
  .option("--shop <domain>", "shop to create", "demo.myshopify.com")
  .option("--token <token>", "offline access token for the shop (default: random)")
  .option("--scopes <list>", "comma-separated granted scopes")
  .option("--seed", "fill the shop with demo data", false)
  .option("--no-throttle", "turn the cost-based throttle off")
  .parse();

const opts = program.opts<{
  port: string;
  host: string;
  secret?: string;
  apiKey?: string;
  webhookUrl?: string;
  shop: string;
  token?: string;
  scopes?: string;
  seed: boolean;
  throttle: boolean;
}>();

if (!opts.secret) {
  console.error("Give the app's API secret with --secret or SHOPIFY_API_SECRET.");
  process.exit(2);
}

const sim = createShopifySimulator({
  apiSecret: opts.secret,
  apiKey: opts.apiKey,
  webhookUrl: opts.webhookUrl,
  throttle: opts.throttle ? undefined : false,
  strict: false,
  onViolation: (violation) => console.warn(`[shopify-sim] ${violation.kind}: ${violation.message}\n  ${violation.details.join("\n  ")}`),
});
const shop = sim.addShop(opts.shop, {
  accessToken: opts.token,
  scopes: opts.scopes ? opts.scopes.split(",").map((scope) => scope.trim()) : undefined,
});
if (opts.seed) sim.seedDemo(opts.shop);

const url = await sim.listen(Number(opts.port), opts.host);
console.log(`Shopify simulator listening on ${url}`);
console.log(`shop:  ${shop.domain}`);
console.log(`token: ${shop.accessToken}`);
console.log(`GraphQL: ${url}/shops/${shop.domain}/admin/api/${sim.apiVersion}/graphql.json`);
console.log(`webhooks: ${opts.webhookUrl ?? "(none: pass --webhook-url)"}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}

import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createShopifySimulator, type ShopifySimulator, type ShopifySimulatorOptions } from "../../../../sim/shopify/index";

export const TEST_SECRET = "sim-test-secret";
export const TEST_API_KEY = "sim-test-api-key";

export async function startSim(overrides: Partial<ShopifySimulatorOptions> = {}): Promise<ShopifySimulator> {
  const sim = createShopifySimulator({ apiSecret: TEST_SECRET, apiKey: TEST_API_KEY, ...overrides });
  await sim.listen();
  return sim;
}

export interface GraphqlReply {
  status: number;
  json: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
    extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } } };
  };
}

export async function postGraphql(
  sim: ShopifySimulator,
  shop: string,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlReply> {
  const response = await fetch(`${sim.url}/shops/${shop}/admin/api/${sim.apiVersion}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, json: (await response.json()) as GraphqlReply["json"] };
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server standing in for the app's webhook routes; `respond` picks each status. */
export async function startWebhookReceiver(respond: (hook: ReceivedWebhook, index: number) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const hook = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(hook);
      res.writeHead(respond(hook, received.length - 1));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

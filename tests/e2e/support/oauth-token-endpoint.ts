import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";

export interface TokenExchangeRequest {
  shop: string;
  body: Record<string, unknown>;
}

export interface OAuthTokenEndpoint {
  readonly url: string;
  readonly exchanges: TokenExchangeRequest[];
  /** Requests it could not answer (wrong path, bad credentials, bad token); a test expects none. */
  readonly rejected: string[];
  close(): Promise<void>;
}

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function verifySessionToken(token: string, apiKey: string, apiSecret: string, shop: string): string | undefined {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return "subject_token is not a JWT";
  const expected = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "subject_token signature does not match";
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  if (claims.aud !== apiKey) return "subject_token aud is not the app's API key";
  if (claims.dest !== `https://${shop}`) return "subject_token dest is not the shop";
  if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) return "subject_token expired";
  return undefined;
}

/**
 * Shopify's token-exchange endpoint (POST /admin/oauth/access_token) on loopback, with the checks Shopify makes:
 * client credentials, grant and token types, and a session token signed by the app for the same shop. The
 * app reaches it through SHOPIFY_SIM_URL, which names the shop in X-Forwarded-Host.
 */
export async function startOAuthTokenEndpoint(apiKey: string, apiSecret: string): Promise<OAuthTokenEndpoint> {
  const exchanges: TokenExchangeRequest[] = [];
  const rejected: string[] = [];

  const server = createServer(async (request, response) => {
    const reject = (status: number, reason: string) => {
      rejected.push(`${request.method} ${request.url}: ${reason}`);
      response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ error: reason }));
    };
    const shop = String(request.headers["x-forwarded-host"] ?? "");
    if (request.method !== "POST" || request.url !== "/admin/oauth/access_token") return reject(404, "not handled");
    if (!SHOP_HOST.test(shop)) return reject(400, "X-Forwarded-Host does not name a *.myshopify.com shop");

    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    if (body.client_id !== apiKey || body.client_secret !== apiSecret) return reject(401, "invalid_client");
    if (body.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange") return reject(400, "unsupported_grant_type");
    if (body.subject_token_type !== "urn:ietf:params:oauth:token-type:id_token") return reject(400, "invalid_request");
    if (body.requested_token_type !== "urn:shopify:params:oauth:token-type:offline-access-token") {
      return reject(400, "only offline tokens are expected");
    }
    const tokenProblem = verifySessionToken(String(body.subject_token), apiKey, apiSecret, shop);
    if (tokenProblem) return reject(400, `invalid_subject_token: ${tokenProblem}`);

    exchanges.push({ shop, body });
    response.writeHead(200, { "Content-Type": "application/json" }).end(
      JSON.stringify({
        access_token: `shpat_${shop.split(".")[0]}_${exchanges.length}`,
        scope: "read_customers,write_customers,read_orders,write_orders,read_products,read_inventory",
        ...(body.expiring === "1" && {
          expires_in: 3600,
          refresh_token: `shprt_${shop.split(".")[0]}_${exchanges.length}`,
          refresh_token_expires_in: 7_776_000,
        }),
      }),
    );
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    rejected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export type SimRequestKind = "graphql" | "access-token" | "bulk-result" | "unknown";

export interface SimHttpResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  contentType?: string;
  /** Close the socket without answering (a dropped connection). */
  drop?: boolean;
  /** Extra facts for the request log. */
  meta?: { operationName?: string | null; requestedCost?: number | null; throttled?: boolean; scripted?: boolean };
}

export interface SimRoutedRequest {
  method: string;
  /** The path after the shop prefix, e.g. `/admin/api/2026-10/graphql.json`. */
  path: string;
  /** From `/shops/<domain>/…` or a `*.myshopify.com` Host header. */
  shop: string | null;
  headers: IncomingMessage["headers"];
  rawBody: string;
}

export interface SimHttpHandlers {
  graphql(request: SimRoutedRequest, version: string): Promise<SimHttpResponse>;
  accessToken(request: SimRoutedRequest): Promise<SimHttpResponse>;
  bulkResult(path: string): SimHttpResponse;
  unknown(request: SimRoutedRequest): SimHttpResponse;
  /** A scripted failure for this request, if one is queued. */
  takeFailure(kind: SimRequestKind): SimHttpResponse | undefined;
  log(request: SimRoutedRequest, kind: SimRequestKind, response: SimHttpResponse): void;
}

const SHOP_PREFIX = /^\/shops\/([^/]+)(\/.*)?$/;
const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;

/**
 * Routing: a request names its shop with the path prefix `/shops/<shop>.myshopify.com/…` (what
 * `fetch-redirect.ts` produces from `https://<shop>.myshopify.com/…`), or with a `*.myshopify.com` Host header.
 */
export function routeRequest(method: string, rawUrl: string, headers: IncomingMessage["headers"], rawBody: string): SimRoutedRequest {
  const url = new URL(rawUrl, "http://simulator.local");
  const prefixed = SHOP_PREFIX.exec(url.pathname);
  const host = (headers.host ?? "").split(":")[0] ?? "";
  if (prefixed) return { method, path: prefixed[2] ?? "/", shop: decodeURIComponent(prefixed[1] ?? ""), headers, rawBody };
  return { method, path: url.pathname, shop: host.endsWith(".myshopify.com") ? host : null, headers, rawBody };
}

export function createSimHttpServer(handlers: SimHttpHandlers): Server {
  return createServer((req, res) => {
    void handle(handlers, req, res).catch((error: unknown) => {
      send(res, { status: 500, body: { errors: `Shopify simulator crashed: ${error instanceof Error ? error.stack : String(error)}` } });
    });
  });
}

async function handle(handlers: SimHttpHandlers, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawBody = await readBody(req);
  const method = req.method ?? "GET";
  const request = routeRequest(method, req.url ?? "/", req.headers, rawBody);
  const graphqlMatch = GRAPHQL_PATH.exec(request.path);
  let kind: SimRequestKind = "unknown";
  if (method === "GET" && request.path.startsWith("/bulk-results/")) kind = "bulk-result";
  else if (method === "POST" && graphqlMatch) kind = "graphql";
  else if (method === "POST" && request.path === "/admin/oauth/access_token") kind = "access-token";

  let response = handlers.takeFailure(kind);
  if (!response) {
    if (kind === "graphql") response = await handlers.graphql(request, graphqlMatch?.[1] ?? "");
    else if (kind === "access-token") response = await handlers.accessToken(request);
    else if (kind === "bulk-result") response = handlers.bulkResult(request.path);
    else response = handlers.unknown(request);
  }
  handlers.log(request, kind, response);
  if (response.drop) {
    req.socket.destroy();
    return;
  }
  send(res, response);
}

function send(res: ServerResponse, response: SimHttpResponse): void {
  const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, {
    "Content-Type": response.contentType ?? "application/json; charset=utf-8",
    "X-Request-Id": randomUUID(),
    ...response.headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";

export interface FloorServerOptions {
  port: number;
  secret: string;
  redisUrl: string;
  /** The Redis list every accepted body is pushed onto. */
  listKey: string;
}

function hasValidHmac(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The floor for webhook ingress: plain node:http, check the HMAC, LPUSH the raw body, answer 200 once Redis
 * has it (401 on a bad signature, 503 when Redis fails). Nothing a real inbox could do with less work.
 */
export async function startFloorServer(options: FloorServerOptions): Promise<http.Server> {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  await redis.ping();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      if (!hasValidHmac(body, request.headers["x-shopify-hmac-sha256"] as string | undefined, options.secret)) {
        response.writeHead(401).end();
        return;
      }
      redis.lpush(options.listKey, body).then(
        () => response.writeHead(200).end(),
        () => response.writeHead(503).end(),
      );
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const stop = () => server.close(() => redis.disconnect());
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { FLOOR_PORT, FLOOR_SECRET, FLOOR_REDIS_URL, FLOOR_LIST_KEY } = process.env;
  if (!FLOOR_PORT || !FLOOR_SECRET || !FLOOR_REDIS_URL || !FLOOR_LIST_KEY) {
    throw new Error("Set FLOOR_PORT, FLOOR_SECRET, FLOOR_REDIS_URL and FLOOR_LIST_KEY (the benchmark does this).");
  }
  await startFloorServer({ port: Number(FLOOR_PORT), secret: FLOOR_SECRET, redisUrl: FLOOR_REDIS_URL, listKey: FLOOR_LIST_KEY });
  console.log(`[floor] http://127.0.0.1:${FLOOR_PORT}`);
}

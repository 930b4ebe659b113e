import { createServer, type IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";

export interface CrmHttpRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface CrmHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** `null` means: destroy the socket without answering. */
export type CrmHttpHandler = (request: CrmHttpRequest) => Promise<CrmHttpResponse | null>;

export interface CrmHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 50 * 1024 * 1024;

export function respondJson(status: number, body: unknown): CrmHttpResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body) };
}

export async function startHttpServer(handler: CrmHttpHandler, port: number, host: string): Promise<CrmHttpServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://simulator.local");
      handler({ method: req.method ?? "GET", url, headers: req.headers, body: Buffer.concat(chunks) })
        .then((response) => {
          if (response === null) {
            req.socket.destroy();
            return;
          }
          res.writeHead(response.status, response.headers ?? {});
          res.end(response.body);
        })
        .catch((error: unknown) => {
          console.error("RetailCRM simulator: unhandled error", error);
          if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
          res.end("Simulator failure; see the test output.");
        });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The simulator server has no TCP address.");
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

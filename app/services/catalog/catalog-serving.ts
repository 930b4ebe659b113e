import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { Db } from "../../db.server";
import type { Logger } from "../logger";
import { findCatalogFileByToken, readCatalogFileBytes, type CatalogFileHead } from "./catalog-file-store";
import { isWellFormedIcmlToken } from "./catalog-token";
import { readGzipUncompressedLength } from "./gzip-collector";

export interface CatalogServingDeps {
  db: Db;
  logger?: Logger;
}

const XML_CONTENT_TYPE = "application/xml; charset=utf-8";
const UNKNOWN_TOKEN_MESSAGE = "No catalog is published at this address. If the link was replaced, copy the current one from the app.\n";
const NOT_BUILT_MESSAGE = "This catalog has not been built yet. It appears here after the first build, within a few minutes of connecting.\n";

/**
 * Answers a request for a shop's ICML file at /icml/<token>: the stored gzip as is when the client accepts gzip,
 * else unzipped on the fly; ETag / Last-Modified with 304 answers; HEAD; 404 for an unknown or revoked token and
 * before the first build. Each GET is recorded so the admin can show when the CRM last loaded the catalog.
 */
export async function serveCatalogFile(deps: CatalogServingDeps, request: Request, token: string): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("Only GET and HEAD are supported.\n", { status: 405, headers: { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" } });
  }
  const lookup = isWellFormedIcmlToken(token) ? await findCatalogFileByToken(deps.db, token) : ({ state: "unknown" } as const);
  if (lookup.state === "unknown") return notFound(UNKNOWN_TOKEN_MESSAGE);
  if (lookup.state === "not_built") return notFound(NOT_BUILT_MESSAGE);

  const gzip = acceptsGzip(request.headers.get("accept-encoding"));
  if (isNotModified(request, lookup.file)) {
    await recordFetch(deps, request, lookup.file.shop, 304);
    return new Response(null, { status: 304, headers: representationHeaders(lookup.file, gzip) });
  }
  if (request.method === "HEAD") {
    const headers = representationHeaders(lookup.file, gzip);
    if (gzip) headers.set("Content-Length", String(lookup.file.bytes));
    return new Response(null, { status: 200, headers });
  }

  const file = await readCatalogFileBytes(deps.db, lookup.file.shop);
  if (!file) return notFound(NOT_BUILT_MESSAGE);
  // A build may have replaced the file between the two reads: describe the bytes actually sent.
  const head = file.etag === lookup.file.etag ? lookup.file : await findCurrentHead(deps.db, token, lookup.file);
  await recordFetch(deps, request, head.shop, 200);
  const headers = representationHeaders({ ...head, etag: file.etag }, gzip);
  if (gzip) {
    headers.set("Content-Length", String(file.gzip.byteLength));
    return new Response(file.gzip, { status: 200, headers });
  }
  headers.set("Content-Length", String(readGzipUncompressedLength(file.gzip)));
  const xml = Readable.from([file.gzip]).pipe(createGunzip());
  return new Response(Readable.toWeb(xml) as ReadableStream<Uint8Array>, { status: 200, headers });
}

async function findCurrentHead(db: Db, token: string, previous: CatalogFileHead): Promise<CatalogFileHead> {
  const lookup = await findCatalogFileByToken(db, token);
  return lookup.state === "ready" ? lookup.file : previous;
}

/** True when the client takes gzip (`gzip`, `x-gzip` or `*` with a non-zero quality). No header means identity. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const quality = qParam ? Number(qParam.slice(2)) : 1;
    const accepted = Number.isFinite(quality) && quality > 0;
    if (coding === "gzip" || coding === "x-gzip") return accepted;
    if (coding === "*") wildcard = accepted;
  }
  return wildcard;
}

function entityTag(file: Pick<CatalogFileHead, "etag">, gzip: boolean): string {
  return gzip ? `"${file.etag}"` : `"${file.etag}-identity"`;
}

function representationHeaders(file: CatalogFileHead, gzip: boolean): Headers {
  const headers = new Headers({
    "Content-Type": XML_CONTENT_TYPE,
    ETag: entityTag(file, gzip),
    "Last-Modified": file.generatedAt.toUTCString(),
    "Cache-Control": "no-cache",
    Vary: "Accept-Encoding",
    "X-Robots-Tag": "noindex",
  });
  if (gzip) headers.set("Content-Encoding", "gzip");
  return headers;
}

/** If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2); either representation's tag names the same file. */
function isNotModified(request: Request, file: CatalogFileHead): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    const tags = ifNoneMatch.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
    return tags.includes("*") || tags.includes(entityTag(file, true)) || tags.includes(entityTag(file, false));
  }
  const ifModifiedSince = request.headers.get("if-modified-since");
  if (ifModifiedSince === null) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(file.generatedAt.getTime() / 1000) <= Math.floor(since / 1000);
}

async function recordFetch(deps: CatalogServingDeps, request: Request, shop: string, status: number): Promise<void> {
  if (request.method !== "GET") return;
  const userAgent = request.headers.get("user-agent")?.slice(0, 512) || null;
  try {
    await deps.db.catalogFetch.create({ data: { shop, userAgent, status } });
  } catch (error) {
    deps.logger?.warn({ shop, err: error }, "could not record a catalog download");
  }
}

function notFound(message: string): Response {
  return new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

import type { Db } from "../../db.server";
import { getCatalogBlobIo, type CatalogFileBytes } from "./catalog-blob-io";

/**
 * The served file lives in the database (CatalogFile.gzip) so every web instance can serve it. Its bytes are written
 * and read through the database driver directly (catalog-blob-io), which costs about the file's size in memory.
 */
export interface CatalogFileInput {
  shop: string;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
  /** When the build started reading Shopify: the file describes the catalog as of this moment. */
  generatedAt: Date;
  offers: number;
  buildId: string;
}

/**
 * Replaces the shop's served file in one statement, so a request sees the old file or the new one, never a mix.
 * A file read from Shopify earlier than the one already served (two builds that overlapped) does not replace it:
 * returns false then.
 */
export async function publishCatalogFile(db: Db, file: CatalogFileInput): Promise<boolean> {
  return (await getCatalogBlobIo(db)).writeFile(file);
}

/** What is served for a token, without the file's bytes (enough to answer HEAD and conditional requests). */
export interface CatalogFileHead {
  shop: string;
  etag: string;
  generatedAt: Date;
  bytes: number;
}

export type CatalogTokenLookup = { state: "unknown" } | { state: "not_built"; shop: string } | { state: "ready"; file: CatalogFileHead };

export async function findCatalogFileByToken(db: Db, token: string): Promise<CatalogTokenLookup> {
  const shop = await db.shop.findUnique({ where: { icmlToken: token }, select: { domain: true, status: true } });
  if (!shop || shop.status === "uninstalled") return { state: "unknown" };
  const file = await db.catalogFile.findUnique({
    where: { shop: shop.domain },
    select: { shop: true, etag: true, generatedAt: true, bytes: true },
  });
  return file ? { state: "ready", file } : { state: "not_built", shop: shop.domain };
}

/** The served file's bytes with the ETag they belong to; null when the shop has no file. */
export async function readCatalogFileBytes(db: Db, shop: string): Promise<CatalogFileBytes | null> {
  return (await getCatalogBlobIo(db)).readFile(shop);
}

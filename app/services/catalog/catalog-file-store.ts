import type { Db } from "../../db.server";

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
 * Replaces the shop's served file in one write, so a request sees the old file or the new one, never a mix. A file
 * read earlier than the one already served (two builds that overlapped) does not replace it: returns false then.
 */
export async function publishCatalogFile(db: Db, file: CatalogFileInput): Promise<boolean> {
  const data = {
    gzip: file.gzip,
    etag: file.etag,
    generatedAt: file.generatedAt,
    offers: file.offers,
    bytes: file.gzip.byteLength,
    buildId: file.buildId,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const replaced = await db.catalogFile.updateMany({ where: { shop: file.shop, generatedAt: { lt: file.generatedAt } }, data });
    if (replaced.count > 0) return true;
    const existing = await db.catalogFile.findUnique({ where: { shop: file.shop }, select: { generatedAt: true } });
    if (existing) return false;
    try {
      await db.catalogFile.create({ data: { shop: file.shop, ...data } });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
      // Another build created the row first: compare with it on the next pass.
    }
  }
  return false;
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

export async function readCatalogFileBytes(db: Db, shop: string): Promise<(CatalogFileHead & { gzip: Uint8Array<ArrayBuffer> }) | null> {
  return db.catalogFile.findUnique({ where: { shop }, select: { shop: true, etag: true, generatedAt: true, bytes: true, gzip: true } });
}

import type { Db } from "../../db.server";

/**
 * The served file lives in the database (CatalogFile.gzip) so every web instance can serve it. Prisma's driver
 * adapters carry `Bytes` values through JSON, which costs about 15 times the value's size on write and 40 times on
 * read (measured: a 3.8 MB file took 55 MB to write and 150 MB to read). So the file is written in pieces appended
 * inside one transaction, and read back as one hex or base64 string that is decoded here.
 */
const WRITE_PIECE_BYTES = 256 * 1024;

export interface CatalogFileInput {
  shop: string;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
  /** When the build started reading Shopify: the file describes the catalog as of this moment. */
  generatedAt: Date;
  offers: number;
  buildId: string;
}

type SqlDialect = "sqlite" | "postgresql";

function sqlDialectOf(db: Db): SqlDialect {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "sqlite" ? "sqlite" : "postgresql";
}

/**
 * Replaces the shop's served file in one transaction, so a request sees the old file or the new one, never a mix.
 * A file read from Shopify earlier than the one already served (two builds that overlapped) does not replace it:
 * returns false then.
 */
export async function publishCatalogFile(db: Db, file: CatalogFileInput): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction((tx) => writeCatalogFile(tx as unknown as Db, sqlDialectOf(db), file), { maxWait: 10_000, timeout: 120_000 });
    } catch (error) {
      // Another build created the row between our look and our insert: compare with it on the next pass.
      if ((error as { code?: string }).code !== "P2002" || attempt > 0) throw error;
    }
  }
}

async function writeCatalogFile(tx: Db, dialect: SqlDialect, file: CatalogFileInput): Promise<boolean> {
  const first = file.gzip.subarray(0, WRITE_PIECE_BYTES);
  const fields = { gzip: first, etag: file.etag, generatedAt: file.generatedAt, offers: file.offers, bytes: file.gzip.byteLength, buildId: file.buildId };
  const replaced = await tx.catalogFile.updateMany({ where: { shop: file.shop, generatedAt: { lt: file.generatedAt } }, data: fields });
  if (replaced.count === 0) {
    if (await tx.catalogFile.findUnique({ where: { shop: file.shop }, select: { shop: true } })) return false;
    await tx.catalogFile.create({ data: { shop: file.shop, ...fields }, select: { shop: true } });
  }
  for (let offset = WRITE_PIECE_BYTES; offset < file.gzip.byteLength; offset += WRITE_PIECE_BYTES) {
    const piece = file.gzip.subarray(offset, offset + WRITE_PIECE_BYTES);
    if (dialect === "sqlite") {
      // SQLite's || joins as text; the cast keeps the joined bytes a BLOB.
      await tx.$executeRaw`UPDATE "CatalogFile" SET "gzip" = CAST("gzip" || ${piece} AS BLOB) WHERE "shop" = ${file.shop}`;
    } else {
      await tx.$executeRaw`UPDATE "CatalogFile" SET "gzip" = "gzip" || ${piece} WHERE "shop" = ${file.shop}`;
    }
  }
  return true;
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
export async function readCatalogFileBytes(db: Db, shop: string): Promise<{ etag: string; gzip: Buffer<ArrayBuffer> } | null> {
  if (sqlDialectOf(db) === "sqlite") {
    const rows = await db.$queryRaw<Array<{ etag: string; data: string }>>`SELECT "etag", hex("gzip") AS "data" FROM "CatalogFile" WHERE "shop" = ${shop}`;
    return rows[0] ? { etag: rows[0].etag, gzip: Buffer.from(rows[0].data, "hex") } : null;
  }
  const rows = await db.$queryRaw<Array<{ etag: string; data: string }>>`SELECT "etag", encode("gzip", 'base64') AS "data" FROM "CatalogFile" WHERE "shop" = ${shop}`;
  return rows[0] ? { etag: rows[0].etag, gzip: Buffer.from(rows[0].data, "base64") } : null;
}

import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../../app/db.server";
import { publishCatalogFile, readCatalogFileBytes } from "../../../app/services/catalog/catalog-file-store";

const db = createDb(process.env.DATABASE_URL);

afterAll(async () => {
  await db.$disconnect();
});

async function newShop(): Promise<string> {
  const domain = `file-store-${randomUUID().slice(0, 8)}.myshopify.com`;
  await db.shop.create({ data: { domain } });
  return domain;
}

function fileOf(shop: string, bytes: number, generatedAt: Date, buildId: string) {
  return { shop, gzip: new Uint8Array(randomBytes(bytes)), etag: `etag-${buildId}`, generatedAt, offers: 1, buildId };
}

describe(publishCatalogFile.name, () => {
  it("stores a file of many pieces byte for byte and replaces it whole", async () => {
    // GIVEN a shop and a file larger than one write piece (256 KiB), with a zero byte at a piece boundary
    const shop = await newShop();
    const first = fileOf(shop, 1_000_003, new Date("2026-01-01T00:00:00Z"), "one");
    first.gzip[262_144] = 0;

    // WHEN it is published, then replaced by a newer, smaller one
    expect(await publishCatalogFile(db, first)).toBe(true);
    const stored = await readCatalogFileBytes(db, shop);
    const second = fileOf(shop, 300_000, new Date("2026-01-01T04:00:00Z"), "two");
    expect(await publishCatalogFile(db, second)).toBe(true);

    // THEN each read returns exactly the bytes published, with their ETag and size
    expect(stored?.etag).toBe("etag-one");
    expect(Buffer.compare(stored!.gzip, Buffer.from(first.gzip))).toBe(0);
    const replaced = await readCatalogFileBytes(db, shop);
    expect(replaced?.etag).toBe("etag-two");
    expect(Buffer.compare(replaced!.gzip, Buffer.from(second.gzip))).toBe(0);
    expect(await db.catalogFile.findUnique({ where: { shop }, select: { bytes: true, buildId: true } })).toEqual({ bytes: 300_000, buildId: "two" });
  });

  it("keeps the served file when an overlapping build read Shopify earlier", async () => {
    const shop = await newShop();
    await publishCatalogFile(db, fileOf(shop, 10, new Date("2026-01-01T04:00:00Z"), "later-read"));

    const published = await publishCatalogFile(db, fileOf(shop, 10, new Date("2026-01-01T03:59:00Z"), "earlier-read"));

    expect(published).toBe(false);
    expect((await readCatalogFileBytes(db, shop))?.etag).toBe("etag-later-read");
  });

  it("reads nothing for a shop without a file", async () => {
    expect(await readCatalogFileBytes(db, await newShop())).toBeNull();
  });
});

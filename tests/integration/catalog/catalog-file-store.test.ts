import { randomBytes, randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../../app/db.server";
import { closeCatalogBlobIo, getCatalogBlobIo } from "../../../app/services/catalog/catalog-blob-io";
import { publishCatalogFile, readCatalogFileBytes } from "../../../app/services/catalog/catalog-file-store";

const db = createDb(process.env.DATABASE_URL);

afterAll(async () => {
  await closeCatalogBlobIo();
  await db.$disconnect();
});

async function newShop(): Promise<string> {
  const domain = `file-store-${randomUUID().slice(0, 8)}.myshopify.com`;
  await db.shop.create({ data: { domain } });
  return domain;
}

function fileOf(shop: string, bytes: number, generatedAt: Date, buildId: string) {
  return { shop, gzip: new Uint8Array(randomBytes(bytes)), etag: `etag-${buildId}`, generatedAt, offers: bytes % 97, buildId };
}

describe(publishCatalogFile.name, () => {
  it("stores a file byte for byte and replaces it whole", async () => {
    // GIVEN a shop and a file of a few megabytes with zero bytes in it
    const shop = await newShop();
    const first = fileOf(shop, 3_000_003, new Date("2026-01-01T00:00:00Z"), "one");
    first.gzip.fill(0, 262_140, 262_150);

    // WHEN it is published, then replaced by a newer, smaller one
    expect(await publishCatalogFile(db, first)).toBe(true);
    const stored = await readCatalogFileBytes(db, shop);
    const second = fileOf(shop, 300_000, new Date("2026-01-01T04:00:00Z"), "two");
    expect(await publishCatalogFile(db, second)).toBe(true);

    // THEN each read returns exactly the bytes published, with their ETag, and Prisma sees the same row
    expect(stored?.etag).toBe("etag-one");
    expect(Buffer.compare(stored!.gzip, Buffer.from(first.gzip))).toBe(0);
    const replaced = await readCatalogFileBytes(db, shop);
    expect(replaced?.etag).toBe("etag-two");
    expect(Buffer.compare(replaced!.gzip, Buffer.from(second.gzip))).toBe(0);
    const row = await db.catalogFile.findUniqueOrThrow({ where: { shop } });
    expect({ ...row, gzip: Buffer.from(row.gzip).equals(Buffer.from(second.gzip)) }).toMatchObject({
      gzip: true,
      etag: "etag-two",
      generatedAt: second.generatedAt,
      offers: second.offers,
      bytes: 300_000,
      buildId: "two",
    });
    expect(Math.abs(row.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("keeps the served file when an overlapping build read Shopify earlier or at the same moment", async () => {
    // GIVEN a shop serving a file read from Shopify at 04:00
    const shop = await newShop();
    await publishCatalogFile(db, fileOf(shop, 10, new Date("2026-01-01T04:00:00Z"), "later-read"));

    // WHEN builds that read at 03:59 and at 04:00 finish afterwards
    const earlier = await publishCatalogFile(db, fileOf(shop, 10, new Date("2026-01-01T03:59:00Z"), "earlier-read"));
    const same = await publishCatalogFile(db, fileOf(shop, 10, new Date("2026-01-01T04:00:00Z"), "same-read"));

    // THEN neither replaces it
    expect([earlier, same]).toEqual([false, false]);
    expect((await readCatalogFileBytes(db, shop))?.etag).toBe("etag-later-read");
  });

  it("publishes exactly one of two files that race for a shop's first publication", async () => {
    // GIVEN a shop without a file, and two builds finishing at once
    const shop = await newShop();

    // WHEN both publish
    const results = await Promise.all([
      publishCatalogFile(db, fileOf(shop, 50_000, new Date("2026-01-01T04:00:00Z"), "older")),
      publishCatalogFile(db, fileOf(shop, 50_000, new Date("2026-01-01T04:01:00Z"), "newer")),
    ]);

    // THEN the newer file is served whichever came first
    expect(results).toContain(true);
    expect((await readCatalogFileBytes(db, shop))?.etag).toBe("etag-newer");
  });

  it("touches only the given shop's file", async () => {
    // GIVEN two shops with files
    const [shopA, shopB] = [await newShop(), await newShop()];
    await publishCatalogFile(db, fileOf(shopA, 100, new Date("2026-01-01T00:00:00Z"), "a1"));
    await publishCatalogFile(db, fileOf(shopB, 100, new Date("2026-01-01T00:00:00Z"), "b1"));

    // WHEN shop A's file is replaced
    await publishCatalogFile(db, fileOf(shopA, 100, new Date("2026-01-01T04:00:00Z"), "a2"));

    // THEN shop B still serves its own
    expect((await readCatalogFileBytes(db, shopA))?.etag).toBe("etag-a2");
    expect((await readCatalogFileBytes(db, shopB))?.etag).toBe("etag-b1");
  });

  it("reads nothing for a shop without a file", async () => {
    expect(await readCatalogFileBytes(db, await newShop())).toBeNull();
  });
});

describe(getCatalogBlobIo.name, () => {
  it("refuses a database client for another database than DATABASE_URL", async () => {
    // GIVEN a Prisma client for a different database of the same kind
    const otherUrl = process.env.DATABASE_URL!.startsWith("file:")
      ? `file:./var/test/other-${randomUUID().slice(0, 8)}.sqlite`
      : process.env.DATABASE_URL!.replace(/\/[^/]*$/, "/postgres");
    const other = createDb(otherUrl);
    try {
      // WHEN the file store is used with it, THEN it says which databases differ instead of writing elsewhere
      await expect(readCatalogFileBytes(other, "any.myshopify.com")).rejects.toThrow(/create the client from the same DATABASE_URL/);
    } finally {
      await other.$disconnect();
      if (otherUrl.startsWith("file:")) rmSync(otherUrl.replace(/^file:/, ""), { force: true });
    }
  });
});

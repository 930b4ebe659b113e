import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { crc32, gunzipSync, inflateRawSync } from "node:zlib";
import { XMLValidator } from "fast-xml-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeIcml, writeIcmlGzip } from "../../../../app/sync/icml/icml-writer";
import type { IcmlWriteOptions, ShopifyCatalogProduct } from "../../../../app/sync/icml/types";
import {
  buildProduct,
  buildVariant,
  createCollectingSink,
  offersOf,
  parseIcml,
  toAsync,
} from "./catalog-builders";

const FIXED_NOW = new Date("2026-05-01T10:00:00Z");
// eslint-disable-next-line no-control-regex -- the check is about control characters
const FORBIDDEN_IN_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let spoolDir: string;
beforeEach(async () => {
  spoolDir = await mkdtemp(join(tmpdir(), "icml-writer-test-"));
});
afterEach(async () => {
  await rm(spoolDir, { recursive: true, force: true });
});

function options(overrides: Partial<IcmlWriteOptions> = {}): IcmlWriteOptions {
  return { shopName: "My Shop", shopDomain: "my-shop.myshopify.com", now: () => FIXED_NOW, spoolDir, ...overrides };
}

async function writeToText(products: ShopifyCatalogProduct[], overrides: Partial<IcmlWriteOptions> = {}) {
  const collected = createCollectingSink();
  const stats = await writeIcml(toAsync(products), collected.sink, options(overrides));
  return { xml: collected.text(), stats };
}

function productWithVariants(productNumber: number, variantCount: number, collectionIds: number[]) {
  return buildProduct({
    id: `gid://shopify/Product/${productNumber}`,
    title: `Product ${productNumber}`,
    collections: {
      nodes: collectionIds.map((id) => ({ id: `gid://shopify/Collection/${id}`, title: `Title ${id}` })),
    },
    variants: {
      nodes: Array.from({ length: variantCount }, (_, index) =>
        buildVariant({
          id: `gid://shopify/ProductVariant/${productNumber * 100 + index}`,
          title: `Size ${index}`,
          selectedOptions: [{ name: "Size", value: `${index}` }],
        }),
      ),
    },
  });
}

describe(writeIcml.name, () => {
  it("writes the ICML skeleton: date, shop, categories, then offers", async () => {
    // GIVEN two products, one with two variants, with a company and a custom fallback name
    const products = [productWithVariants(1, 2, [501]), productWithVariants(2, 1, [])];
    // WHEN the catalog is written
    const { xml, stats } = await writeToText(products, { company: "My Shop LLC", fallbackCategoryName: "Без категории" });
    // THEN it is well-formed and follows yml_catalog/shop/{name,company,categories,offers}
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="2026-05-01 10:00:00">')).toBe(true);
    const catalog = parseIcml(xml).yml_catalog;
    expect(Object.keys(catalog.shop)).toEqual(["name", "company", "categories", "offers"]);
    expect(catalog.shop.name).toBe("My Shop");
    expect(catalog.shop.company).toBe("My Shop LLC");
    expect(catalog.shop.categories.category).toEqual([
      { "@_id": "501", "#text": "Title 501" },
      { "@_id": "uncategorized", "#text": "Без категории" },
    ]);
    expect(xml.indexOf("<categories>")).toBeLessThan(xml.indexOf("<offers>"));
    expect(stats).toEqual({ products: 2, offers: 3, categories: 2 });
  });

  it("writes offers with productId shared by variants, categories and the offer fields", async () => {
    // GIVEN a product with two variants in two collections, and a product in no collection
    const products = [productWithVariants(1, 2, [501, 502]), productWithVariants(2, 1, [])];
    // WHEN the catalog is written
    const { xml } = await writeToText(products);
    // THEN each variant is an offer of its product, in the product's categories
    const offers = offersOf(parseIcml(xml));
    expect(offers.map((offer) => [offer["@_id"], offer["@_productId"], offer.categoryId])).toEqual([
      ["100", "1", ["501", "502"]],
      ["101", "1", ["501", "502"]],
      ["200", "2", ["uncategorized"]],
    ]);
    expect(offers[0]).toMatchObject({
      "@_quantity": "5",
      "@_type": "product",
      url: "https://shop.example/products/t-shirt",
      price: "19.90",
      picture: ["https://cdn.example/featured.jpg"],
      name: "Product 1 - 0",
      productName: "Product 1",
      param: [
        { "@_name": "Article", "@_code": "article", "#text": "SKU-1" },
        { "@_name": "Size", "@_code": "size", "#text": "0" },
      ],
      vendor: "Acme",
      weight: "1.5",
      barcode: ["4600000000017"],
      productActivity: "Y",
    });
  });

  it("lists each collection once however many products use it, and leaves company out when not given", async () => {
    // GIVEN three products sharing collections, one of them without a title
    const products = [productWithVariants(1, 1, [7, 8]), productWithVariants(2, 1, [8]), productWithVariants(3, 1, [9, 7])];
    products[2]!.collections.nodes[0]!.title = " ";
    // WHEN the catalog is written without a company
    const { xml, stats } = await writeToText(products);
    // THEN categories are unique, in order of first use, a blank title named after the id, the default fallback last
    const shop = parseIcml(xml).yml_catalog.shop;
    expect(shop.categories.category.map((category) => [category["@_id"], category["#text"]])).toEqual([
      ["7", "Title 7"],
      ["8", "Title 8"],
      ["9", "Collection 9"],
      ["uncategorized", "Other"],
    ]);
    expect(shop.company).toBeUndefined();
    expect(stats.categories).toBe(4);
  });

  it("escapes markup, keeps emoji and non-Latin text, and drops characters XML forbids", async () => {
    // GIVEN names full of markup, quotes, emoji, Cyrillic, Japanese and control characters
    const title = 'Tom & Jerry <"Deluxe"> 😀 Футболка 日本語\u0000\u0007\uD800';
    const product = buildProduct({
      title,
      vendor: "A&B <Co>",
      collections: { nodes: [{ id: "gid://shopify/Collection/3", title: 'Sale & "Hot" <now>' }] },
      variants: {
        nodes: [
          buildVariant({
            sku: "SKU<&>\u001b",
            selectedOptions: [{ name: 'Size "EU" & <US>', value: "L & XL\u000b" }],
          }),
        ],
      },
    });
    // WHEN the catalog is written
    const { xml } = await writeToText([product], { shopName: "Shop & Co 🛍" });
    // THEN it parses back to the same text minus forbidden characters
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(FORBIDDEN_IN_XML);
    const parsed = parseIcml(xml);
    const cleanTitle = 'Tom & Jerry <"Deluxe"> 😀 Футболка 日本語';
    expect(parsed.yml_catalog.shop.name).toBe("Shop & Co 🛍");
    expect(parsed.yml_catalog.shop.categories.category[0]!["#text"]).toBe('Sale & "Hot" <now>');
    const [offer] = offersOf(parsed);
    expect(offer!.productName).toBe(cleanTitle);
    expect(offer!.name).toBe(`${cleanTitle} - L & XL`);
    expect(offer!.vendor).toBe("A&B <Co>");
    expect(offer!.param).toEqual([
      { "@_name": "Article", "@_code": "article", "#text": "SKU<&>" },
      { "@_name": 'Size "EU" & <US>', "@_code": "size_eu_us", "#text": "L & XL" },
    ]);
    expect(Buffer.from(xml, "utf8").includes(Buffer.from("😀 Футболка 日本語", "utf8"))).toBe(true);
  });

  it("writes a valid catalog with only the fallback category when there are no products", async () => {
    // GIVEN no products
    // WHEN the catalog is written
    const { xml, stats } = await writeToText([]);
    // THEN the skeleton is complete and empty
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(offersOf(parseIcml(xml))).toEqual([]);
    expect(stats).toEqual({ products: 0, offers: 0, categories: 1 });
  });

  it("respects backpressure: a slow sink with a tiny buffer still gets everything in order", async () => {
    // GIVEN 400 products × 3 variants and a sink that takes 3 ms per chunk with a 1 KiB buffer
    const products = Array.from({ length: 400 }, (_, index) => productWithVariants(index + 1, 3, [index % 5]));
    const slow = createCollectingSink({ highWaterMark: 1024, writeDelayMs: 3 });
    // WHEN the catalog is written
    const stats = await writeIcml(toAsync(products), slow.sink, options());
    // THEN every offer arrives, in input order, and the sink never held more than about one chunk
    const xml = slow.text();
    const ids = offersOf(parseIcml(xml)).map((offer) => Number(offer["@_id"]));
    expect(ids).toHaveLength(1200);
    expect(ids).toEqual(products.flatMap((_, index) => [0, 1, 2].map((variant) => (index + 1) * 100 + variant)));
    expect(stats.offers).toBe(1200);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(500_000);
    expect(slow.writes()).toBeGreaterThan(10);
    expect(slow.maxBuffered()).toBeLessThan(200 * 1024);
  });

  it("destroys the sink and removes its temporary file when the product stream fails", async () => {
    // GIVEN a product stream that fails after the first product
    async function* failingProducts() {
      yield productWithVariants(1, 1, [1]);
      throw new Error("bulk download interrupted");
    }
    const collected = createCollectingSink();
    // WHEN the catalog is written
    const writing = writeIcml(failingProducts(), collected.sink, options());
    // THEN the error comes through, nothing was written, the sink is destroyed and no spool file is left
    await expect(writing).rejects.toThrow("bulk download interrupted");
    expect(collected.text()).toBe("");
    expect(collected.sink.destroyed).toBe(true);
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it("rejects instead of hanging when the sink fails", async () => {
    // GIVEN a sink that fails on its first write
    const failingSink = new Writable({
      highWaterMark: 16,
      write(_chunk, _encoding, callback) {
        callback(new Error("disk full"));
      },
    });
    const products = Array.from({ length: 50 }, (_, index) => productWithVariants(index + 1, 2, [1]));
    // WHEN the catalog is written
    // THEN the sink's error is reported
    await expect(writeIcml(toAsync(products), failingSink, options())).rejects.toThrow("disk full");
    expect(await readdir(spoolDir)).toEqual([]);
  });
});

describe(writeIcmlGzip.name, () => {
  it("writes the same catalog as one gzip member whose trailer matches the XML", async () => {
    // GIVEN enough products for several compressed chunks, and a sink that collects the bytes
    const products = Array.from({ length: 300 }, (_, index) => productWithVariants(index + 1, 3, [index % 4]));
    const compressed: Buffer[] = [];
    const sink = new PassThrough();
    sink.on("data", (chunk: Buffer) => compressed.push(chunk));
    // WHEN the catalog is written gzipped and plain
    const stats = await writeIcmlGzip(toAsync(products), sink, options());
    const plain = await writeToText(products);
    // THEN gunzip gives the plain catalog, and it is a single member: one deflate stream between
    // the 10-byte header and the trailer, whose CRC-32 and length are those of the whole XML
    const gz = Buffer.concat(compressed);
    const plainBytes = Buffer.from(plain.xml, "utf8");
    expect(gunzipSync(gz).equals(plainBytes)).toBe(true);
    expect(gz.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));
    expect(inflateRawSync(gz.subarray(10, gz.length - 8)).equals(plainBytes)).toBe(true);
    expect(gz.readUInt32LE(gz.length - 8)).toBe(crc32(plainBytes));
    expect(gz.readUInt32LE(gz.length - 4)).toBe(plainBytes.length);
    expect(stats).toEqual(plain.stats);
  });

  it("destroys the sink and leaves no temporary file when the product stream fails", async () => {
    // GIVEN a product stream that fails after a while
    async function* failingProducts() {
      for (let index = 1; index <= 50; index += 1) yield productWithVariants(index, 2, [1]);
      throw new Error("bulk download interrupted");
    }
    const collected = createCollectingSink();
    // WHEN the gzipped catalog is written
    // THEN the error comes through and nothing is left behind
    await expect(writeIcmlGzip(failingProducts(), collected.sink, options())).rejects.toThrow("bulk download interrupted");
    expect(collected.sink.destroyed).toBe(true);
    expect(collected.text()).toBe("");
    expect(await readdir(spoolDir)).toEqual([]);
  });
});

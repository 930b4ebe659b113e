import { Writable } from "node:stream";
import { XMLParser } from "fast-xml-parser";
import type { ShopifyCatalogProduct, ShopifyCatalogVariant } from "../../../../app/sync/icml/types";

export function buildVariant(overrides: Partial<ShopifyCatalogVariant> = {}): ShopifyCatalogVariant {
  return {
    id: "gid://shopify/ProductVariant/2001",
    title: "Default Title",
    sku: "SKU-1",
    barcode: "4600000000017",
    price: "19.90",
    inventoryQuantity: 5,
    selectedOptions: [{ name: "Title", value: "Default Title" }],
    inventoryItem: { measurement: { weight: { unit: "KILOGRAMS", value: 1.5 } } },
    ...overrides,
  };
}

export function buildProduct(overrides: Partial<ShopifyCatalogProduct> = {}): ShopifyCatalogProduct {
  return {
    id: "gid://shopify/Product/1001",
    title: "T-shirt",
    handle: "t-shirt",
    vendor: "Acme",
    status: "ACTIVE",
    publishedAt: "2026-01-02T03:04:05Z",
    onlineStoreUrl: "https://shop.example/products/t-shirt",
    featuredMedia: { id: "gid://shopify/MediaImage/1", mediaContentType: "IMAGE", image: { url: "https://cdn.example/featured.jpg" } },
    media: { nodes: [] },
    collections: { nodes: [{ id: "gid://shopify/Collection/501", title: "Shirts" }] },
    variants: { nodes: [buildVariant()] },
    ...overrides,
  };
}

/** A Writable that keeps everything written to it, as UTF-8 text. */
export function createCollectingSink(options: { highWaterMark?: number; writeDelayMs?: number } = {}) {
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const sink = new Writable({
    highWaterMark: options.highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      maxBuffered = Math.max(maxBuffered, sink.writableLength);
      if (options.writeDelayMs === undefined) callback();
      else setTimeout(callback, options.writeDelayMs);
    },
  });
  return {
    sink,
    text: () => Buffer.concat(chunks).toString("utf8"),
    writes: () => chunks.length,
    maxBuffered: () => maxBuffered,
  };
}

export const icmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => ["category", "offer", "categoryId", "picture", "param", "barcode"].includes(name),
});

export interface ParsedParam {
  "#text"?: string;
  "@_name": string;
  "@_code": string;
}

export interface ParsedOffer {
  "@_id": string;
  "@_productId": string;
  "@_quantity": string;
  "@_type": string;
  url: string;
  price?: string;
  categoryId: string[];
  picture?: string[];
  name: string;
  productName: string;
  param?: ParsedParam[];
  vendor?: string;
  weight?: string;
  barcode?: string[];
  productActivity: string;
}

export interface ParsedIcml {
  yml_catalog: {
    "@_date": string;
    shop: {
      name: string;
      company?: string;
      categories: { category: Array<{ "#text": string; "@_id": string }> };
      offers: { offer?: ParsedOffer[] } | "";
    };
  };
}

export function parseIcml(xml: string): ParsedIcml {
  return icmlParser.parse(xml) as ParsedIcml;
}

export function offersOf(parsed: ParsedIcml): ParsedOffer[] {
  const offers = parsed.yml_catalog.shop.offers;
  return offers === "" ? [] : (offers.offer ?? []);
}

export async function* toAsync<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield item;
}

/**
 * Streams an ICML catalog from Shopify products.
 *
 * ICML wants every category before the first offer, but a product stream (paged GraphQL or a Bulk
 * Operation file) only reveals collections product by product. The offers are therefore written to
 * a temporary file while the categories are collected; then the header and categories go to the
 * sink, followed by the offers copied from that file. We chose this over a separate collections
 * query up front because that query would race with product edits (a product could point at a
 * collection the list lacks) and would cost a second API pass. Memory holds one product and the
 * category map (collections are few), whatever the number of offers; the disk holds the offers once
 * (deflated already when the output is gzip, see offer-spool.ts and gzip-segments.ts).
 *
 * The XML is written as text by our own code because no XML library here streams output:
 * fast-xml-parser's XMLBuilder builds the whole document in memory (it stays in the tests, to parse).
 */
import type { Writable } from "node:stream";
import { BufferedStreamWriter } from "./buffered-stream-writer";
import {
  GZIP_MEMBER_HEADER,
  buildGzipTrailer,
  concatSummaries,
  deflateLastSegment,
  deflateMiddleSegment,
  summarizeBytes,
  type UncompressedSummary,
} from "./gzip-segments";
import { ICML_FOOTER, renderIcmlHeader, renderIcmlOffer, type IcmlCategory } from "./icml-markup";
import { FALLBACK_CATEGORY_ID, mapProductToIcmlOffers } from "./offer";
import { toNumericShopifyId } from "./offer-values";
import { OfferSpool, type OfferSpoolEncoding } from "./offer-spool";
import type { IcmlWriteOptions, IcmlWriteStats, ShopifyCatalogProduct } from "./types";

export const DEFAULT_FALLBACK_CATEGORY_NAME = "Other";

export type ShopifyCatalogProductSource = AsyncIterable<ShopifyCatalogProduct> | Iterable<ShopifyCatalogProduct>;

/**
 * Writes the whole catalog to `sink` as XML, ends it and resolves once its writable side has
 * finished. On failure the sink is destroyed (without an error event, so a sink nobody listens to
 * cannot crash the process; a `pipeline` sees a premature close), so a partial catalog is never
 * mistaken for a complete one.
 */
export function writeIcml(
  products: ShopifyCatalogProductSource,
  sink: Writable,
  options: IcmlWriteOptions,
): Promise<IcmlWriteStats> {
  return writeCatalog(products, sink, options, "plain");
}

/**
 * Like `writeIcml`, but the sink receives one gzip member (what `gzip` and `zlib.gunzip` read).
 * The offers are compressed while they are produced; only the header, categories and footer are
 * compressed at the end.
 */
export function writeIcmlGzip(
  products: ShopifyCatalogProductSource,
  sink: Writable,
  options: IcmlWriteOptions,
): Promise<IcmlWriteStats> {
  return writeCatalog(products, sink, options, "deflate");
}

async function writeCatalog(
  products: ShopifyCatalogProductSource,
  sink: Writable,
  options: IcmlWriteOptions,
  encoding: OfferSpoolEncoding,
): Promise<IcmlWriteStats> {
  let spool: OfferSpool | undefined;
  try {
    spool = await OfferSpool.open(options.spoolDir, encoding);
    const { categories, stats } = await spoolOffers(products, spool, options);
    const offersSummary = await spool.finish();
    const head = Buffer.from(
      renderIcmlHeader({
        date: (options.now ?? (() => new Date()))(),
        shopName: options.shopName,
        company: options.company,
        categories,
      }),
      "utf8",
    );
    const foot = Buffer.from(ICML_FOOTER, "utf8");
    const output = new BufferedStreamWriter(sink);
    if (encoding === "plain") {
      await output.writeBytes(head);
      for await (const chunk of spool.read()) await output.writeBytes(chunk);
      await output.writeBytes(foot);
    } else {
      await writeGzipMember(output, head, spool, offersSummary, foot);
    }
    await output.end();
    return { ...stats, categories: categories.length };
  } catch (error) {
    sink.destroy();
    throw error;
  } finally {
    await spool?.dispose();
  }
}

async function writeGzipMember(
  output: BufferedStreamWriter,
  head: Buffer,
  spool: OfferSpool,
  offersSummary: UncompressedSummary,
  foot: Buffer,
): Promise<void> {
  await output.writeBytes(GZIP_MEMBER_HEADER);
  await output.writeBytes(deflateMiddleSegment(head));
  for await (const chunk of spool.read()) await output.writeBytes(chunk);
  await output.writeBytes(deflateLastSegment(foot));
  await output.writeBytes(
    buildGzipTrailer(concatSummaries([summarizeBytes(head), offersSummary, summarizeBytes(foot)])),
  );
}

async function spoolOffers(
  products: ShopifyCatalogProductSource,
  spool: OfferSpool,
  options: IcmlWriteOptions,
): Promise<{ categories: IcmlCategory[]; stats: Omit<IcmlWriteStats, "categories"> }> {
  const context = { shopDomain: normalizeShopDomain(options.shopDomain) };
  const categoryNames = new Map<string, string>();
  let productCount = 0;
  let offerCount = 0;
  for await (const product of products) {
    productCount += 1;
    for (const collection of product.collections.nodes) {
      const id = toNumericShopifyId(collection.id);
      if (!categoryNames.has(id)) categoryNames.set(id, collection.title.trim() || `Collection ${id}`);
    }
    let xml = "";
    for (const offer of mapProductToIcmlOffers(product, context)) {
      xml += renderIcmlOffer(offer);
      offerCount += 1;
    }
    await spool.write(xml);
  }

  const categories = [...categoryNames].map(([id, name]) => ({ id, name }));
  categories.push({ id: FALLBACK_CATEGORY_ID, name: options.fallbackCategoryName ?? DEFAULT_FALLBACK_CATEGORY_NAME });
  return { categories, stats: { products: productCount, offers: offerCount } };
}

function normalizeShopDomain(shopDomain: string): string {
  return shopDomain.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
}

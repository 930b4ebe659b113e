/**
 * Streams an ICML catalog from Shopify products.
 *
 * ICML wants every category before the first offer, but a product stream (paged GraphQL or a Bulk
 * Operation file) only reveals collections product by product. The offers are therefore written to
 * a temporary file while the categories are collected; then the header and categories go to the
 * sink, followed by the offers copied from that file. We chose this over a separate collections
 * query up front because that query would race with product edits (a product could point at a
 * collection the list lacks) and would cost a second API pass. Memory holds one product and the
 * category map (collections are few), whatever the number of offers; the disk holds the offers once.
 *
 * The XML is written as text by our own code because no XML library here streams output:
 * fast-xml-parser's XMLBuilder builds the whole document in memory (it stays in the tests, to parse).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { BufferedStreamWriter } from "./buffered-stream-writer";
import { ICML_FOOTER, renderIcmlHeader, renderIcmlOffer, type IcmlCategory } from "./icml-markup";
import { FALLBACK_CATEGORY_ID, mapProductToIcmlOffers } from "./offer";
import { toNumericShopifyId } from "./offer-values";
import type { IcmlWriteOptions, IcmlWriteStats, ShopifyCatalogProduct } from "./types";

export const DEFAULT_FALLBACK_CATEGORY_NAME = "Other";

export type ShopifyCatalogProductSource = AsyncIterable<ShopifyCatalogProduct> | Iterable<ShopifyCatalogProduct>;

/**
 * Writes the whole catalog to `sink`, ends it and resolves once it has finished. On failure the
 * sink is destroyed (without an error event, so a sink nobody listens to cannot crash the process;
 * a `pipeline` sees a premature close), so a partial catalog is never mistaken for a complete one.
 */
export async function writeIcml(
  products: ShopifyCatalogProductSource,
  sink: Writable,
  options: IcmlWriteOptions,
): Promise<IcmlWriteStats> {
  const spoolDir = await mkdtemp(join(options.spoolDir ?? tmpdir(), "icml-"));
  const spoolPath = join(spoolDir, "offers.xml");
  try {
    const { categories, stats } = await spoolOffers(products, spoolPath, options);
    const output = new BufferedStreamWriter(sink);
    await output.write(
      renderIcmlHeader({
        date: (options.now ?? (() => new Date()))(),
        shopName: options.shopName,
        company: options.company,
        categories,
      }),
    );
    for await (const chunk of createReadStream(spoolPath)) await output.writeBytes(chunk as Buffer);
    await output.write(ICML_FOOTER);
    await output.end();
    return { ...stats, categories: categories.length };
  } catch (error) {
    sink.destroy();
    throw error;
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
}

/** `writeIcml` through gzip into `sink` (e.g. a file or an upload stream). */
export async function writeIcmlGzip(
  products: ShopifyCatalogProductSource,
  sink: Writable,
  options: IcmlWriteOptions,
): Promise<IcmlWriteStats> {
  const gzip = createGzip();
  const piping = pipeline(gzip, sink);
  try {
    const stats = await writeIcml(products, gzip, options);
    await piping;
    return stats;
  } catch (error) {
    await piping.catch(() => undefined);
    throw error;
  }
}

async function spoolOffers(
  products: ShopifyCatalogProductSource,
  spoolPath: string,
  options: IcmlWriteOptions,
): Promise<{ categories: IcmlCategory[]; stats: Omit<IcmlWriteStats, "categories"> }> {
  const context = { shopDomain: normalizeShopDomain(options.shopDomain) };
  const categoryNames = new Map<string, string>();
  const spoolStream = createWriteStream(spoolPath);
  const spool = new BufferedStreamWriter(spoolStream);
  let productCount = 0;
  let offerCount = 0;
  try {
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
    await spool.end();
  } catch (error) {
    spoolStream.destroy();
    throw error;
  }

  const categories = [...categoryNames].map(([id, name]) => ({ id, name }));
  categories.push({ id: FALLBACK_CATEGORY_ID, name: options.fallbackCategoryName ?? DEFAULT_FALLBACK_CATEGORY_NAME });
  return { categories, stats: { products: productCount, offers: offerCount } };
}

function normalizeShopDomain(shopDomain: string): string {
  return shopDomain.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
}

/**
 * Synthetic Bulk Operation output (grouped JSONL, the shape of BULK_CATALOG_PRODUCTS_QUERY),
 * streamed to a file so that even large catalogs never sit in memory.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";

const COLORS = ["Red", "Blue", "Green", "Black", "White", "Жёлтый", "紺色"];
const SIZES = ["XS", "S", "M", "L", "XL", "XXL"];
const WEIGHT_UNITS = ["GRAMS", "KILOGRAMS", "OUNCES", "POUNDS"];
const COLLECTION_COUNT = 60;

export interface SyntheticCatalogSize {
  products: number;
  variants: number;
}

export async function writeSyntheticBulkCatalog(path: string, size: SyntheticCatalogSize): Promise<{ lines: number; bytes: number }> {
  const out = createWriteStream(path);
  let random = 42;
  const next = (limit: number) => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return random % limit;
  };
  let lines = 0;
  let buffer = "";
  const emit = async (record: object) => {
    buffer += JSON.stringify(record) + "\n";
    lines += 1;
    if (buffer.length > 256 * 1024) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  };

  let variantNumber = 0;
  for (let productIndex = 0; productIndex < size.products; productIndex += 1) {
    const productId = `gid://shopify/Product/${7_000_000_000 + productIndex}`;
    const variantCount =
      Math.floor(size.variants / size.products) + (productIndex < size.variants % size.products ? 1 : 0);
    const title = productIndex % 10 === 0 ? `Футболка "Classic" & Co <${productIndex}> 😀` : `T-shirt model ${productIndex}`;
    await emit({
      id: productId,
      title,
      handle: `t-shirt-${productIndex}`,
      vendor: productIndex % 7 === 0 ? "" : `Vendor ${productIndex % 40}`,
      status: productIndex % 13 === 0 ? "DRAFT" : "ACTIVE",
      publishedAt: productIndex % 17 === 0 ? null : "2026-01-15T10:00:00Z",
      onlineStoreUrl: productIndex % 3 === 0 ? null : `https://shop.example/products/t-shirt-${productIndex}`,
      featuredMedia:
        productIndex % 11 === 0
          ? null
          : { id: `gid://shopify/MediaImage/${9_000_000 + productIndex}`, mediaContentType: "IMAGE", image: { url: `https://cdn.shopify.com/s/files/1/0001/products/${productIndex}-main.jpg` } },
    });
    const collectionCount = productIndex % 9 === 0 ? 0 : 1 + next(3);
    for (let index = 0; index < collectionCount; index += 1) {
      const collection = (productIndex + index * 7) % COLLECTION_COUNT;
      await emit({ id: `gid://shopify/Collection/${400_000 + collection}`, title: `Collection ${collection}`, __parentId: productId });
    }
    for (let index = 0; index < 3; index += 1) {
      await emit({
        id: `gid://shopify/MediaImage/${8_000_000 + productIndex * 3 + index}`,
        mediaContentType: "IMAGE",
        image: { url: `https://cdn.shopify.com/s/files/1/0001/products/${productIndex}-${index}.jpg` },
        __parentId: productId,
      });
    }
    for (let index = 0; index < variantCount; index += 1) {
      variantNumber += 1;
      const color = COLORS[next(COLORS.length)]!;
      const sizeName = SIZES[index % SIZES.length]!;
      await emit({
        id: `gid://shopify/ProductVariant/${40_000_000_000 + variantNumber}`,
        title: `${color} / ${sizeName}`,
        sku: index % 5 === 4 ? null : `SKU-${productIndex}-${index}`,
        barcode: index % 4 === 0 ? null : `46${String(variantNumber).padStart(11, "0")}`,
        price: `${10 + next(490)}.${next(2) === 0 ? "00" : "99"}`,
        inventoryQuantity: next(20) - 3,
        selectedOptions: [
          { name: "Color", value: color },
          { name: "Size", value: sizeName },
        ],
        inventoryItem: { measurement: { weight: { unit: WEIGHT_UNITS[next(4)]!, value: next(2000) / 10 } } },
        __parentId: productId,
      });
    }
  }
  out.end(buffer);
  await finished(out);
  return { lines, bytes: out.bytesWritten };
}

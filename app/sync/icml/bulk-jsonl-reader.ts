/**
 * Reads the JSONL output of `BULK_CATALOG_PRODUCTS_QUERY` (see bulk-query.ts) into products.
 *
 * Each line is one object; connection items (variants, collections, media) are lines of their own
 * with `__parentId` naming their parent. The output must be grouped (`groupObjects: true`): a
 * product is complete when the next product line starts, so only it and its variants are ever held
 * in memory. A child whose parent is not the product being read means the output is not grouped,
 * and the reader stops with a `BulkCatalogFormatError` rather than build a wrong catalog.
 * Feed it with `readJsonlLines(fileOrBodyStream)`.
 */
import {
  LineShapeError,
  readCollectionLine,
  readMediaLine,
  readProductLine,
  readVariantLine,
  type ShopifyCatalogProductLine,
} from "./bulk-line-shapes";
import { readShopifyGidType } from "./offer-values";
import type { ShopifyCatalogMedia, ShopifyCatalogProduct, ShopifyCatalogVariant } from "./types";

export class BulkCatalogFormatError extends Error {
  constructor(
    readonly lineNumber: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Line ${lineNumber} of the bulk catalog output: ${message}`, options);
    this.name = "BulkCatalogFormatError";
  }
}

const MEDIA_GID_TYPES = new Set(["MediaImage", "Video", "ExternalVideo", "Model3d"]);

interface ProductInProgress {
  product: ShopifyCatalogProduct & { media: { nodes: ShopifyCatalogMedia[] } };
  variantsById: Map<string, ShopifyCatalogVariant>;
}

export async function* readBulkCatalogJsonl(lines: AsyncIterable<string>): AsyncIterable<ShopifyCatalogProduct> {
  let current: ProductInProgress | null = null;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    const record = parseJsonObject(line, lineNumber);
    const parentId = record.__parentId;
    if (parentId === undefined) {
      if (current) yield current.product;
      current = startProduct(readLine(readProductLine, record, lineNumber));
    } else {
      attachChild(current, record, String(parentId), lineNumber);
    }
  }
  if (current) yield current.product;
}

function startProduct(line: ShopifyCatalogProductLine): ProductInProgress {
  return {
    product: { ...line, media: { nodes: [] }, collections: { nodes: [] }, variants: { nodes: [] } },
    variantsById: new Map(),
  };
}

function attachChild(
  current: ProductInProgress | null,
  record: Record<string, unknown>,
  parentId: string,
  lineNumber: number,
): void {
  const kind = readShopifyGidType(record.id);
  const isMedia = "mediaContentType" in record || (kind !== undefined && MEDIA_GID_TYPES.has(kind));
  if (current && parentId === current.product.id) {
    if (kind === "ProductVariant") {
      const variant: ShopifyCatalogVariant = readLine(readVariantLine, record, lineNumber);
      current.product.variants.nodes.push(variant);
      current.variantsById.set(variant.id, variant);
    } else if (kind === "Collection") {
      current.product.collections.nodes.push(readLine(readCollectionLine, record, lineNumber));
    } else if (isMedia) {
      current.product.media.nodes.push(readLine(readMediaLine, record, lineNumber));
    }
    return;
  }
  const variant = current?.variantsById.get(parentId);
  if (variant) {
    if (isMedia) (variant.media ??= { nodes: [] }).nodes.push(readLine(readMediaLine, record, lineNumber));
    return;
  }
  throw new BulkCatalogFormatError(
    lineNumber,
    `"${String(record.id)}" belongs to ${parentId}, which is not the product being read. ` +
      "Children must follow their parent directly: run the bulk operation with groupObjects: true.",
  );
}

function parseJsonObject(line: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new BulkCatalogFormatError(lineNumber, `not valid JSON (${(error as Error).message}).`, { cause: error });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BulkCatalogFormatError(lineNumber, "expected a JSON object.");
  }
  return value as Record<string, unknown>;
}

function readLine<T>(read: (record: Record<string, unknown>) => T, record: Record<string, unknown>, lineNumber: number): T {
  try {
    return read(record);
  } catch (error) {
    if (!(error instanceof LineShapeError)) throw error;
    throw new BulkCatalogFormatError(
      lineNumber,
      `${String(record.id ?? "object")} does not have the shape BULK_CATALOG_PRODUCTS_QUERY asks for (${error.message}).`,
      { cause: error },
    );
  }
}

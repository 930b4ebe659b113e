/**
 * Shape checks for the lines of the catalog bulk output. Hand-written rather than zod: they run
 * once per JSONL line (200,000+ for a large shop) on the catalog's hot path, where zod's copying
 * parse cost a fifth of the build; these check the same types and copy only the fields we use.
 */
import type {
  ShopifyCatalogCollection,
  ShopifyCatalogMedia,
  ShopifyCatalogProduct,
  ShopifyCatalogSelectedOption,
  ShopifyCatalogVariant,
  ShopifyCatalogWeight,
} from "./types";

/** A field that does not have the expected type; the reader adds the line number. */
export class LineShapeError extends Error {
  constructor(
    readonly field: string,
    expected: string,
    actual: unknown,
  ) {
    super(`${field}: expected ${expected}, got ${describe(actual)}`);
    this.name = "LineShapeError";
  }
}

type JsonRecord = Record<string, unknown>;
export type ShopifyCatalogProductLine = Omit<ShopifyCatalogProduct, "media" | "collections" | "variants">;

export function readProductLine(record: JsonRecord): ShopifyCatalogProductLine {
  return {
    id: requireString(record, "id"),
    title: requireString(record, "title"),
    handle: requireString(record, "handle"),
    vendor: optionalString(record, "vendor"),
    status: requireString(record, "status"),
    publishedAt: optionalString(record, "publishedAt"),
    onlineStoreUrl: optionalString(record, "onlineStoreUrl"),
    featuredMedia: record.featuredMedia == null ? null : readMediaLine(requireObject(record, "featuredMedia"), "featuredMedia."),
  };
}

export function readVariantLine(record: JsonRecord): Omit<ShopifyCatalogVariant, "media"> {
  return {
    id: requireString(record, "id"),
    title: requireString(record, "title"),
    sku: optionalString(record, "sku"),
    barcode: optionalString(record, "barcode"),
    price: requireString(record, "price"),
    inventoryQuantity: optionalNumber(record, "inventoryQuantity"),
    selectedOptions: readSelectedOptions(record),
    inventoryItem: { measurement: { weight: readWeight(record) } },
  };
}

export function readCollectionLine(record: JsonRecord): ShopifyCatalogCollection {
  return { id: requireString(record, "id"), title: requireString(record, "title") };
}

export function readMediaLine(record: JsonRecord, prefix = ""): ShopifyCatalogMedia {
  const media: ShopifyCatalogMedia = {};
  if (record.id != null) media.id = requireString(record, "id", prefix);
  if (record.mediaContentType != null) media.mediaContentType = requireString(record, "mediaContentType", prefix);
  if (record.image != null) media.image = { url: requireString(requireObject(record, "image", prefix), "url", `${prefix}image.`) };
  return media;
}

function readSelectedOptions(record: JsonRecord): ShopifyCatalogSelectedOption[] {
  const options = record.selectedOptions;
  if (!Array.isArray(options)) throw new LineShapeError("selectedOptions", "an array", options);
  return options.map((option: unknown, index) => {
    const prefix = `selectedOptions.${index}.`;
    if (!isRecord(option)) throw new LineShapeError(`selectedOptions.${index}`, "an object", option);
    return { name: requireString(option, "name", prefix), value: requireString(option, "value", prefix) };
  });
}

function readWeight(record: JsonRecord): ShopifyCatalogWeight | null {
  const item = record.inventoryItem;
  if (item == null) return null;
  if (!isRecord(item)) throw new LineShapeError("inventoryItem", "an object", item);
  const measurement = item.measurement;
  if (measurement == null) return null;
  if (!isRecord(measurement)) throw new LineShapeError("inventoryItem.measurement", "an object", measurement);
  const weight = measurement.weight;
  if (weight == null) return null;
  if (!isRecord(weight)) throw new LineShapeError("inventoryItem.measurement.weight", "an object", weight);
  const prefix = "inventoryItem.measurement.weight.";
  const value = weight.value;
  if (typeof value !== "number") throw new LineShapeError(`${prefix}value`, "a number", value);
  return { unit: requireString(weight, "unit", prefix), value };
}

function requireString(record: JsonRecord, key: string, prefix = ""): string {
  const value = record[key];
  if (typeof value !== "string") throw new LineShapeError(prefix + key, "a string", value);
  return value;
}

function optionalString(record: JsonRecord, key: string): string | null {
  const value = record[key];
  if (value == null) return null;
  if (typeof value !== "string") throw new LineShapeError(key, "a string or null", value);
  return value;
}

function optionalNumber(record: JsonRecord, key: string): number | null {
  const value = record[key];
  if (value == null) return null;
  if (typeof value !== "number") throw new LineShapeError(key, "a number or null", value);
  return value;
}

function requireObject(record: JsonRecord, key: string, prefix = ""): JsonRecord {
  const value = record[key];
  if (!isRecord(value)) throw new LineShapeError(prefix + key, "an object", value);
  return value;
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`;
}

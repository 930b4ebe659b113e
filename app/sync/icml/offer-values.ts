/** Small value conversions from Shopify fields to ICML values. */

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z0-9]+)\/(\d+)(?:\?.*)?$/;
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d*))?$/;
const TWO_DECIMALS_PATTERN = /^-?\d+\.\d\d$/;

const KILOGRAMS_PER_UNIT: Record<string, number> = {
  GRAMS: 0.001,
  KILOGRAMS: 1,
  OUNCES: 0.028349523125,
  POUNDS: 0.45359237,
};

/** `gid://shopify/ProductVariant/123` → `123`. Throws for anything that is not a Shopify gid. */
export function toNumericShopifyId(gid: string): string {
  const match = GID_PATTERN.exec(gid);
  if (!match?.[2]) {
    throw new Error(
      `"${gid}" is not a Shopify global id (gid://shopify/<Type>/<number>); pass ids exactly as the Admin GraphQL API returns them.`,
    );
  }
  return match[2];
}

/** The `<Type>` of a Shopify gid, or undefined when the value is not one. */
export function readShopifyGidType(gid: unknown): string | undefined {
  if (typeof gid !== "string") return undefined;
  return GID_PATTERN.exec(gid)?.[1];
}

/**
 * A `Money` decimal string with exactly two decimals ("20" → "20.00", "9.999" → "10.00", half up),
 * computed on the digits so no binary rounding creeps in. Null when the value is not a decimal.
 */
export function formatPrice(value: string): string | null {
  const trimmed = value.trim();
  if (TWO_DECIMALS_PATTERN.test(trimmed)) return trimmed;
  const match = DECIMAL_PATTERN.exec(trimmed);
  if (!match) return null;
  const [, sign = "", whole = "0", fraction = ""] = match;
  let cents = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  if ((fraction[2] ?? "0") >= "5") cents += 1n;
  const digits = cents.toString().padStart(3, "0");
  const negative = sign === "-" && cents !== 0n;
  return `${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Weight in kilograms, at most 6 decimals; null when the unit is unknown or the weight is not positive. */
export function convertWeightToKilograms(value: number, unit: string): string | null {
  const factor = KILOGRAMS_PER_UNIT[unit];
  if (factor === undefined || !Number.isFinite(value)) return null;
  const kilograms = Math.round(value * factor * 1_000_000) / 1_000_000;
  return kilograms > 0 ? String(kilograms) : null;
}

/** Stock as an ICML quantity: a whole number, never negative, 0 when unknown. */
export function toOfferQuantity(inventoryQuantity: number | null | undefined): number {
  if (inventoryQuantity == null || !Number.isFinite(inventoryQuantity)) return 0;
  return Math.max(0, Math.trunc(inventoryQuantity));
}

/** `Y-m-d H:i:s` in UTC, as `yml_catalog@date` expects. */
export function formatCatalogDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** A Shopify numeric id as text, and whether it is known to be exact. */
export interface ShopifyIdReading {
  readonly id: string;
  /** False when the only source was a JSON number above 2^53, which JSON.parse has already rounded. */
  readonly exact: boolean;
}

const GID_PATTERN = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(?:\?.*)?$/;

/** `gid://shopify/Order/123` → "123". Undefined when the text is not a Shopify gid. */
export function readGidNumber(gid: string | null | undefined): string | undefined {
  if (!gid) return undefined;
  return GID_PATTERN.exec(gid)?.[1];
}

/**
 * Reads a numeric id, preferring the exact digits of `admin_graphql_api_id` over a JSON number that may have
 * been rounded. Undefined when neither is usable.
 */
export function readShopifyId(
  id: string | number | null | undefined,
  gid?: string | null,
): ShopifyIdReading | undefined {
  const fromGid = readGidNumber(gid);
  if (fromGid !== undefined) return { id: fromGid, exact: true };
  if (typeof id === "string") {
    if (/^\d+$/.test(id)) return { id, exact: true };
    const digits = readGidNumber(id);
    return digits === undefined ? undefined : { id: digits, exact: true };
  }
  if (typeof id === "number" && Number.isInteger(id) && id >= 0) {
    return { id: String(id), exact: Number.isSafeInteger(id) };
  }
  return undefined;
}

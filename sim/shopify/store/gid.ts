export type SimGidType =
  | "Customer"
  | "MailingAddress"
  | "Order"
  | "LineItem"
  | "ShippingLine"
  | "OrderTransaction"
  | "Fulfillment"
  | "Product"
  | "ProductVariant"
  | "ProductOption"
  | "InventoryItem"
  | "InventoryItemMeasurement"
  | "MediaImage"
  | "ProductImage"
  | "Collection"
  | "Location"
  | "BulkOperation"
  | "Shop"
  | "Job"
  | "Domain"
  | "App"
  | "AppInstallation";

export function toGid(type: SimGidType, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** `gid://shopify/Customer/123` (optionally with `?query`) → `{type: "Customer", id: 123}`; null when not a gid. */
export function parseGid(gid: string): { type: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(gid);
  if (!match) return null;
  return { type: match[1] ?? "", id: Number(match[2]) };
}

export function parseGidOf(type: SimGidType, gid: string): number | null {
  const parsed = parseGid(gid);
  return parsed && parsed.type === type ? parsed.id : null;
}

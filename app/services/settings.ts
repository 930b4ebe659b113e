import { z } from "zod";
import type { Db } from "../db.server";
import { buildShopScope, resolveOrderMappingSettings, type OrderMappingSettings } from "../sync/mapping/order-settings";
import { SHOPIFY_ORDER_STATES } from "../sync/mapping/types";
import { SyncError } from "./errors";

// Per-shop settings: what the merchant chose (stored as JSON text on the Shop row) and the resolved form the sync
// uses, with defaults filled in by one function.

const code = z.string().trim().min(1).max(100);

export const shopSettingsSchema = z.object({
  statusMap: z.partialRecord(z.enum(SHOPIFY_ORDER_STATES), code).optional(),
  paymentTypeMap: z.record(z.string(), code).optional(),
  defaultPaymentType: code.optional(),
  deliveryTypeMap: z.record(z.string(), code).optional(),
  defaultDeliveryType: code.optional(),
  paymentStatusPaid: code.optional(),
  paymentStatusNotPaid: code.optional(),
  orderMethod: code.optional(),
  customerExternalIdPrefix: z.string().max(40).optional(),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, "must be a two-letter country code such as US").optional(),
  crmTimeZone: z.string().optional(),
});

export type ShopSettingsInput = z.infer<typeof shopSettingsSchema>;

export function parseShopSettings(shop: string, text: string): ShopSettingsInput {
  let json: unknown;
  try {
    json = JSON.parse(text || "{}");
  } catch {
    throw new SyncError("validation", `The stored settings of ${shop} are not valid JSON; save the settings again.`, { shop });
  }
  const parsed = shopSettingsSchema.safeParse(json);
  if (!parsed.success) {
    throw new SyncError("validation", `The settings of ${shop} are invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}. Fix them in Settings.`, {
      shop,
    });
  }
  return parsed.data;
}

export function resolveShopSettings(shop: string, input: ShopSettingsInput): OrderMappingSettings {
  return resolveOrderMappingSettings({ ...input, shopScope: buildShopScope(shop) });
}

export async function loadShopSettings(db: Db, shop: string): Promise<OrderMappingSettings> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  return resolveShopSettings(shop, parseShopSettings(shop, row?.settings ?? "{}"));
}

export async function saveShopSettings(db: Db, shop: string, input: unknown): Promise<ShopSettingsInput> {
  const parsed = shopSettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new SyncError("validation", parsed.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`).join("; "), { shop });
  }
  await db.shop.update({ where: { domain: shop }, data: { settings: JSON.stringify(parsed.data) } });
  return parsed.data;
}

import { cleanText } from "./contact";
import { CRM_DEFAULT_TIME_ZONE, isValidTimeZone } from "./dates";
import type { MappingProblem } from "./result";
import { SHOPIFY_ORDER_STATES } from "./types";
import type { ShopifyOrderState } from "./types";

/** How a shop's orders become CRM orders. Build it with resolveOrderMappingSettings. */
export interface OrderMappingSettings {
  /** Our Shopify-side order state → CRM order status code. */
  readonly statusMap: Readonly<Record<ShopifyOrderState, string>>;
  /** Shopify payment gateway name (compared without case) → CRM payment type code. */
  readonly paymentTypeMap: Readonly<Record<string, string>>;
  /** CRM payment type for gateways the map does not name. */
  readonly defaultPaymentType: string;
  /** Shopify shipping line code, else its title (compared without case) → CRM delivery type code. */
  readonly deliveryTypeMap: Readonly<Record<string, string>>;
  /** CRM delivery type for shipping lines the map does not name. */
  readonly defaultDeliveryType: string;
  readonly paymentStatusPaid: string;
  readonly paymentStatusNotPaid: string;
  readonly orderMethod: string;
  /**
   * Makes payment externalIds unique across the CRM account (they must be, even between sites): the
   * payment of order 5001 in scope "my-shop" is "my-shop-5001". Build it with buildShopScope.
   */
  readonly shopScope: string;
  /** Put in front of the Shopify customer id to make the CRM customer externalId; same as for customers. */
  readonly customerExternalIdPrefix: string;
  /** Region for phones and `countryIso` when the order has no address with a country. */
  readonly defaultCountry?: string;
  /** IANA timezone of the CRM account for `Y-m-d H:i:s` dates. */
  readonly crmTimeZone: string;
}

export type OrderMappingSettingsInput = Partial<Omit<OrderMappingSettings, "statusMap" | "shopScope">> & {
  readonly shopScope: string;
  readonly statusMap?: Partial<Record<ShopifyOrderState, string>>;
};

/**
 * Conservative defaults: every state that does not end the order stays "new", so a payment or a partial
 * shipment in Shopify never moves an order the CRM team is working on. Merchants map the rest.
 */
export const DEFAULT_ORDER_STATUS_MAP: Readonly<Record<ShopifyOrderState, string>> = {
  open: "new",
  paid: "new",
  partially_fulfilled: "new",
  fulfilled: "complete",
  cancelled: "cancel-other",
  refunded: "cancel-other",
};

export const DEFAULT_PAYMENT_TYPE = "bank-card";
export const DEFAULT_DELIVERY_TYPE = "courier";
export const DEFAULT_PAYMENT_STATUS_PAID = "paid";
export const DEFAULT_PAYMENT_STATUS_NOT_PAID = "not-paid";
export const DEFAULT_ORDER_METHOD = "shopping-cart";

export function resolveOrderMappingSettings(input: OrderMappingSettingsInput): OrderMappingSettings {
  return {
    statusMap: { ...DEFAULT_ORDER_STATUS_MAP, ...withoutUndefined(input.statusMap ?? {}) },
    paymentTypeMap: input.paymentTypeMap ?? {},
    defaultPaymentType: input.defaultPaymentType ?? DEFAULT_PAYMENT_TYPE,
    deliveryTypeMap: input.deliveryTypeMap ?? {},
    defaultDeliveryType: input.defaultDeliveryType ?? DEFAULT_DELIVERY_TYPE,
    paymentStatusPaid: input.paymentStatusPaid ?? DEFAULT_PAYMENT_STATUS_PAID,
    paymentStatusNotPaid: input.paymentStatusNotPaid ?? DEFAULT_PAYMENT_STATUS_NOT_PAID,
    orderMethod: input.orderMethod ?? DEFAULT_ORDER_METHOD,
    shopScope: input.shopScope,
    customerExternalIdPrefix: input.customerExternalIdPrefix ?? "",
    ...(input.defaultCountry ? { defaultCountry: input.defaultCountry } : {}),
    crmTimeZone: input.crmTimeZone ?? CRM_DEFAULT_TIME_ZONE,
  };
}

function withoutUndefined<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** `my-shop.myshopify.com` → `my-shop`; anything outside `[A-Za-z0-9_-]` becomes `-`. */
export function buildShopScope(shopDomain: string): string {
  return shopDomain
    .trim()
    .toLowerCase()
    .replace(/\.myshopify\.com$/, "")
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Lists every setting the mapping cannot work with, in words the merchant can act on. */
export function checkOrderMappingSettings(settings: OrderMappingSettings): MappingProblem[] {
  if (typeof settings !== "object" || settings === null) {
    return [{ path: "settings", message: "The shop's sync settings could not be loaded. Open the app's Settings page and save them again." }];
  }
  const problems: MappingProblem[] = [];
  for (const map of ["statusMap", "paymentTypeMap", "deliveryTypeMap"] as const) {
    if (typeof settings[map] !== "object" || settings[map] === null) {
      problems.push({ path: `settings.${map}`, message: "This mapping is missing from the shop's settings. Open the app's Settings page and save it again." });
    }
  }
  if (problems.length > 0) return problems;
  const requireCode = (path: string, value: unknown, what: string) => {
    if (typeof value !== "string" || value.trim() === "") {
      problems.push({ path, message: `No CRM ${what} is chosen. Pick one on the app's Settings page.` });
    }
  };
  for (const state of SHOPIFY_ORDER_STATES) {
    requireCode(`settings.statusMap.${state}`, settings.statusMap[state], `order status for ${describeState(state)} orders`);
  }
  requireCode("settings.defaultPaymentType", settings.defaultPaymentType, "default payment type");
  requireCode("settings.defaultDeliveryType", settings.defaultDeliveryType, "default delivery type");
  requireCode("settings.paymentStatusPaid", settings.paymentStatusPaid, "payment status for paid orders");
  requireCode("settings.paymentStatusNotPaid", settings.paymentStatusNotPaid, "payment status for unpaid orders");
  requireCode("settings.orderMethod", settings.orderMethod, "order method");
  if (typeof settings.shopScope !== "string" || !/^[A-Za-z0-9_-]+$/.test(settings.shopScope)) {
    problems.push({
      path: "settings.shopScope",
      message:
        "The shop scope used to name CRM payments is empty or has characters other than letters, digits, '-' and '_'. Reconnect the shop so the app can set it again.",
    });
  }
  if (typeof settings.crmTimeZone !== "string" || !isValidTimeZone(settings.crmTimeZone)) {
    problems.push({
      path: "settings.crmTimeZone",
      message: `"${String(settings.crmTimeZone)}" is not a known timezone. Choose the CRM account's timezone (such as Europe/Berlin) on the Settings page.`,
    });
  }
  return problems;
}

function describeState(state: ShopifyOrderState): string {
  switch (state) {
    case "open":
      return "open";
    case "paid":
      return "paid";
    case "partially_fulfilled":
      return "partially fulfilled";
    case "fulfilled":
      return "fulfilled";
    case "cancelled":
      return "cancelled";
    case "refunded":
      return "refunded";
  }
}

/** Finds a map entry whose key equals the name, ignoring case and surrounding spaces. */
export function lookupMappedCode(map: Readonly<Record<string, string>>, name: string | null | undefined): string | undefined {
  const wanted = cleanText(name)?.toLowerCase();
  if (wanted === undefined) return undefined;
  for (const [key, value] of Object.entries(map)) {
    if (key.trim().toLowerCase() === wanted && cleanText(value) !== undefined) return value;
  }
  return undefined;
}

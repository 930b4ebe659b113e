// The webhook topics the connector subscribes to (shopify.app.toml) and what each is about.
// authenticate.webhook reports topics in storage form (ORDERS_CREATE); we use Shopify's own names.

export const WEBHOOK_TOPICS = {
  CUSTOMERS_CREATE: { topic: "customers/create", entity: "customer" },
  CUSTOMERS_UPDATE: { topic: "customers/update", entity: "customer" },
  CUSTOMERS_DELETE: { topic: "customers/delete", entity: "customer" },
  CUSTOMER_TAGS_ADDED: { topic: "customer.tags_added", entity: "customer" },
  CUSTOMER_TAGS_REMOVED: { topic: "customer.tags_removed", entity: "customer" },
  CUSTOMERS_EMAIL_MARKETING_CONSENT_UPDATE: { topic: "customers_email_marketing_consent/update", entity: "customer" },
  ORDERS_CREATE: { topic: "orders/create", entity: "order" },
  ORDERS_UPDATED: { topic: "orders/updated", entity: "order" },
  ORDERS_PAID: { topic: "orders/paid", entity: "order" },
  ORDERS_CANCELLED: { topic: "orders/cancelled", entity: "order" },
  ORDERS_FULFILLED: { topic: "orders/fulfilled", entity: "order" },
  ORDERS_EDITED: { topic: "orders/edited", entity: "order" },
  PRODUCTS_CREATE: { topic: "products/create", entity: "product" },
  PRODUCTS_UPDATE: { topic: "products/update", entity: "product" },
  PRODUCTS_DELETE: { topic: "products/delete", entity: "product" },
  CUSTOMERS_DATA_REQUEST: { topic: "customers/data_request", entity: "compliance" },
  CUSTOMERS_REDACT: { topic: "customers/redact", entity: "compliance" },
  SHOP_REDACT: { topic: "shop/redact", entity: "compliance" },
} as const;

export type WebhookStorageTopic = keyof typeof WEBHOOK_TOPICS;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[WebhookStorageTopic]["topic"];

export function isHandledTopic(storageTopic: string): storageTopic is WebhookStorageTopic {
  return Object.hasOwn(WEBHOOK_TOPICS, storageTopic);
}

/** The id of the resource a payload is about, for per-entity ordering and compliance deletes. */
export function entityIdOf(topic: WebhookTopic, payload: unknown): string | undefined {
  const body = (payload ?? {}) as Record<string, unknown>;
  const id = (value: unknown) => (typeof value === "number" || typeof value === "string" ? String(value) : undefined);
  switch (topic) {
    case "customers_email_marketing_consent/update":
      return id(body.customer_id);
    case "customer.tags_added":
    case "customer.tags_removed":
      return id(body.customerId)?.replace(/^gid:\/\/shopify\/Customer\//, "");
    case "orders/edited":
      return id((body.order_edit as Record<string, unknown> | undefined)?.order_id);
    case "customers/data_request":
    case "customers/redact":
      return id((body.customer as Record<string, unknown> | undefined)?.id);
    case "shop/redact":
      return undefined;
    default:
      return id(body.id);
  }
}

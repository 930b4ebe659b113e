export const SIM_WEBHOOK_TOPICS = [
  "customers/create",
  "customers/update",
  "customers/delete",
  "customer.tags_added",
  "customer.tags_removed",
  "customers_email_marketing_consent/update",
  "customers_marketing_consent/update",
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/edited",
  "orders/delete",
  "products/create",
  "products/update",
  "products/delete",
  "bulk_operations/finish",
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type SimWebhookTopic = (typeof SIM_WEBHOOK_TOPICS)[number];

export const SIM_COMPLIANCE_TOPICS: readonly SimWebhookTopic[] = [
  "customers/data_request",
  "customers/redact",
  "shop/redact",
];

/** The default delivery path: `/webhooks/` + the topic as Shopify writes it (`/webhooks/orders/create`). */
export function defaultWebhookPath(topic: string): string {
  return `/webhooks/${topic}`;
}

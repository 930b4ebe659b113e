export {
  createShopifySimulator,
  SIM_DEFAULT_SCOPES,
  type ShopifySimulator,
  type ShopifySimulatorOptions,
  type SimAddShopOptions,
  type SimFailOptions,
  type SimRequestLogEntry,
  type SimShop,
  type SimViolation,
  type SimViolationKind,
  type SimWebhooks,
} from "./simulator";
export { ADMIN_SCHEMA_VERSION, checkAdminDocument, getAdminSchema, loadAdminSchema, validateAdminDocument } from "./schema";
export { signSessionToken, verifySessionToken } from "./http/token-exchange";
export type { SimDemoSeed } from "./seed-demo";
export type { SimShopActions, SimId } from "./shop-actions";
export type { SimCustomerInput, SimAddressInput } from "./store/customers";
export type { SimOrderInput, SimOrderUpdate, SimOrderEditInput, SimLineItemInput } from "./store/orders";
export type { SimProductInput, SimProductUpdate, SimVariantInput } from "./store/products";
export type * from "./store/types";
export type { SimWebhookDelivery, SimWebhookAttempt, SimWebhookEvent, SimWebhookOptions, SimRawWebhookOptions } from "./webhooks/dispatcher";
export { SIM_WEBHOOK_TOPICS, defaultWebhookPath, type SimWebhookTopic } from "./webhooks/topics";
export type { SimBulkControls, SimBulkFailure } from "./graphql/bulk-operations";
export type { SimThrottleStatus, SimThrottleConfig } from "./graphql/throttle-bucket";
export { toGid, parseGid } from "./store/gid";

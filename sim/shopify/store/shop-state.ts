import type { SimWebhookTopic } from "../webhooks/topics";
import { truncateToSecond } from "./time";
import type {
  SimBulkOperation,
  SimCollection,
  SimCustomer,
  SimOrder,
  SimProduct,
  SimShopInfo,
} from "./types";

export interface SimShopState {
  domain: string;
  info: SimShopInfo;
  /** The offline token handed out at install; expiring tokens from token exchange live in `tokens`. */
  accessToken: string;
  tokens: Map<string, { expiresAt: number | null }>;
  refreshTokens: Map<string, { expiresAt: number }>;
  scopes: string[];
  installed: boolean;
  customers: Map<number, SimCustomer>;
  orders: Map<number, SimOrder>;
  products: Map<number, SimProduct>;
  collections: Map<number, SimCollection>;
  bulkOperations: Map<number, SimBulkOperation>;
  locationId: number;
  lastOrderNumber: number;
}

export interface SimUserError {
  field: string[] | null;
  message: string;
  code?: string;
}

export type SimResult<T> = { ok: true; value: T } | { ok: false; userErrors: SimUserError[] };

/** What domain functions need: the shop's records, ids, a clock and a way to announce webhooks. */
export interface SimShopContext {
  state: SimShopState;
  nextId(): number;
  now(): number;
  /** A whole-second time strictly after `previous`, so every change moves `updatedAt`. */
  stamp(previous?: number): number;
  emit(topic: SimWebhookTopic, payload: unknown): void;
}

export function createShopState(options: {
  domain: string;
  accessToken: string;
  scopes: string[];
  info: SimShopInfo;
  locationId: number;
}): SimShopState {
  return {
    domain: options.domain,
    info: options.info,
    accessToken: options.accessToken,
    tokens: new Map([[options.accessToken, { expiresAt: null }]]),
    refreshTokens: new Map(),
    scopes: options.scopes,
    installed: true,
    customers: new Map(),
    orders: new Map(),
    products: new Map(),
    collections: new Map(),
    bulkOperations: new Map(),
    locationId: options.locationId,
    lastOrderNumber: 0,
  };
}

export function stampAfter(now: number, previous?: number): number {
  const current = truncateToSecond(now);
  return previous !== undefined && current <= previous ? previous + 1000 : current;
}

export function fail<T>(...userErrors: SimUserError[]): SimResult<T> {
  return { ok: false, userErrors };
}

export function succeed<T>(value: T): SimResult<T> {
  return { ok: true, value };
}

/** For merchant helpers: a rejected action is a mistake in the test's setup, so it throws. */
export function unwrapResult<T>(result: SimResult<T>, action: string): T {
  if (result.ok) return result.value;
  const details = result.userErrors.map((error) => `${error.field?.join(".") ?? "-"}: ${error.message}`).join("; ");
  throw new Error(`Shopify simulator refused to ${action}: ${details}`);
}

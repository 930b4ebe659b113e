import type { CrmApiKey } from "./auth";
import type { CrmStoredCatalog, CrmCatalogLoad } from "./catalog/catalog-types";
import type { CrmReferences, CrmSite } from "./references";

export type CrmWriter =
  | { source: "api"; apiKey: string }
  | { source: "user"; userId: number }
  | { source: "code" };

export interface CrmStoredCustomer {
  id: number;
  site: string;
  externalId?: string;
  createdAt: string;
  /** Validated writable fields other than the ones above (firstName, phones, address, tags, …). */
  fields: Record<string, unknown>;
}

export interface CrmBoundOffer {
  id: number;
  externalId: string;
  xmlId?: string;
  name: string;
  article?: string;
}

export interface CrmStoredOrderItem {
  id: number;
  /** Set when the line is bound to a loaded catalog offer; free lines have none. */
  offer?: CrmBoundOffer;
  productName?: string;
  initialPrice: number;
  quantity: number;
  discountManualAmount: number;
  discountManualPercent: number;
  status: string;
  createdAt: string;
  /** vatRate, purchasePrice, comment, properties, externalIds, priceType. */
  fields: Record<string, unknown>;
}

export interface CrmStoredOrder {
  id: number;
  site: string;
  externalId?: string;
  number: string;
  status: string;
  orderType: string;
  orderMethod: string;
  createdAt: string;
  statusUpdatedAt: string;
  customerId?: number;
  /** Contact snapshot, comments, delivery, customFields, discounts and other writable fields. */
  fields: Record<string, unknown>;
  items: CrmStoredOrderItem[];
}

export interface CrmStoredPayment {
  id: number;
  orderId: number;
  externalId?: string;
  type: string;
  status: string;
  amount: number;
  paidAt?: string;
  comment?: string;
}

export interface CrmStoredHistoryEntry {
  id: number;
  createdAt: string;
  created?: true;
  deleted?: true;
  writer: CrmWriter;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  entityId: number;
  /** The full object for a creation entry, a stub otherwise, as it was at write time. */
  entity: Record<string, unknown>;
  item?: Record<string, unknown>;
  payment?: Record<string, unknown>;
}

export interface CrmRequestRecord {
  at: number;
  method: string;
  path: string;
  apiKey?: string;
  status: number;
  query: Record<string, unknown>;
  /** The form body with JSON entity fields decoded, or the raw text of a non-form body. */
  body: unknown;
  contentType?: string;
}

export interface CrmSequences {
  site: number;
  customer: number;
  order: number;
  orderItem: number;
  payment: number;
  orderHistory: number;
  customerHistory: number;
  offer: number;
  product: number;
  category: number;
}

export interface CrmSimState {
  sites: Map<string, CrmSite>;
  references: CrmReferences;
  apiKeys: Map<string, CrmApiKey>;
  customers: Map<number, CrmStoredCustomer>;
  orders: Map<number, CrmStoredOrder>;
  payments: Map<number, CrmStoredPayment>;
  orderHistory: CrmStoredHistoryEntry[];
  customerHistory: CrmStoredHistoryEntry[];
  catalogs: Map<string, CrmStoredCatalog>;
  catalogLoads: CrmCatalogLoad[];
  /** Stable catalog ids across reloads, keyed by `${site}|${externalId}`. */
  catalogIds: { offers: Map<string, number>; products: Map<string, number>; categories: Map<string, number> };
  integrationModules: Map<string, Record<string, unknown>>;
  requests: CrmRequestRecord[];
  sequences: CrmSequences;
}

export function allocateId(state: CrmSimState, sequence: keyof CrmSequences): number {
  state.sequences[sequence] += 1;
  return state.sequences[sequence];
}

/** Id ranges differ per entity so a test that mixes up an order id and a customer id fails. */
export function createInitialSequences(): CrmSequences {
  return {
    site: 0,
    customer: 100,
    order: 5000,
    orderItem: 20000,
    payment: 9000,
    orderHistory: 0,
    customerHistory: 0,
    offer: 3000,
    product: 1000,
    category: 500,
  };
}

export function createEmptyState(references: CrmReferences): CrmSimState {
  return {
    sites: new Map(),
    references,
    apiKeys: new Map(),
    customers: new Map(),
    orders: new Map(),
    payments: new Map(),
    orderHistory: [],
    customerHistory: [],
    catalogs: new Map(),
    catalogLoads: [],
    catalogIds: { offers: new Map(), products: new Map(), categories: new Map() },
    integrationModules: new Map(),
    requests: [],
    sequences: createInitialSequences(),
  };
}

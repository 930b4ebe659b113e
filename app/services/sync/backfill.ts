import { parseShopifyOrderPayload, type ShopifyCustomer } from "../../sync/mapping";
import { CRM_UPLOAD_BATCH_LIMIT } from "../crm/upload";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import { fetchCustomersPageForCrm } from "../shopify/operations/customers/customer-for-crm";
import { fetchOrdersPageForCrm, ORDER_LINE_PAGE, type ShopifyGraphqlOrder } from "../shopify/operations/orders/orders-for-crm";
import { syncCustomerBatchToCrm } from "./customer-batch-to-crm";
import type { CrmAccess } from "./crm-access";
import type { SyncServiceDeps } from "./customer-to-crm";
import { sendPreparedOrdersInBatch } from "./order-batch-to-crm";
import { convertGraphqlOrderToPayload } from "./order-from-graphql";
import { prepareOrderPush, recordOrderFailure, type OrderSyncResult, type PreparedOrderPush } from "./order-to-crm";
import { formatMappingProblems } from "./sync-ledger";

export interface BackfillCounts {
  read: number;
  /** Created, updated or linked in RetailCRM. */
  sent: number;
  /** Already in RetailCRM as they are now. */
  unchanged: number;
  failed: number;
  /** The Shopify `updatedAt` of the last record handled: run again with `--since` this to go on from there. */
  upTo?: string;
}

export interface BackfillReport {
  shop: string;
  since: string;
  customers: BackfillCounts;
  orders: BackfillCounts;
}

export interface BackfillInput {
  shop: string;
  since: Date;
  crm: CrmAccess;
  shopify: ShopifyGraphql;
  /** Called after each batch with the totals so far. */
  onProgress?(entity: "customers" | "orders", counts: BackfillCounts): void;
  signal?: AbortSignal;
}

/**
 * Sends the shop's customers and orders changed since a date to RetailCRM, customers first, in batches of 50
 * through the same services as live deliveries: lookups by externalId and e-mail, uploads, one-by-one handling of
 * refusals, the ledger. Resumable: a record already in RetailCRM as it is now costs no CRM request, so running it
 * again (or from the `upTo` it reported) only sends what is missing or changed.
 */
export async function backfillShop(deps: SyncServiceDeps, input: BackfillInput): Promise<BackfillReport> {
  const customers = await backfillCustomers(deps, input);
  const orders = await backfillOrders(deps, input);
  return { shop: input.shop, since: input.since.toISOString(), customers, orders };
}

async function backfillCustomers(deps: SyncServiceDeps, input: BackfillInput): Promise<BackfillCounts> {
  const counts: BackfillCounts = { read: 0, sent: 0, unchanged: 0, failed: 0 };
  let buffer: ShopifyCustomer[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const results = await syncCustomerBatchToCrm(deps, { shop: input.shop, crm: input.crm, items: buffer.map((customer) => ({ customer })) });
    for (const result of results.values()) count(counts, result.outcome);
    counts.upTo = buffer.at(-1)?.updatedAt ?? counts.upTo;
    buffer = [];
    input.onProgress?.("customers", { ...counts });
  };
  let after: string | null = null;
  do {
    const page = await fetchCustomersPageForCrm(input.shopify, { since: input.since, after }, { signal: input.signal });
    counts.read += page.nodes.length;
    buffer.push(...page.nodes);
    if (buffer.length >= CRM_UPLOAD_BATCH_LIMIT) await flush();
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  await flush();
  return counts;
}

async function backfillOrders(deps: SyncServiceDeps, input: BackfillInput): Promise<BackfillCounts> {
  const { shop, crm } = input;
  const counts: BackfillCounts = { read: 0, sent: 0, unchanged: 0, failed: 0 };
  let buffer: Array<{ key: string; push: PreparedOrderPush }> = [];
  let lastUpdatedAt: string | undefined;
  const flush = async () => {
    if (buffer.length > 0) {
      const results = await sendPreparedOrdersInBatch(deps, { shop, crm, items: buffer, shopify: async () => input.shopify, signal: input.signal });
      for (const result of results.values()) count(counts, result.outcome);
      buffer = [];
    }
    counts.upTo = lastUpdatedAt ?? counts.upTo;
    input.onProgress?.("orders", { ...counts });
  };
  let after: string | null = null;
  do {
    const page = await fetchOrdersPageForCrm(input.shopify, { since: input.since, after }, { signal: input.signal });
    for (const node of page.nodes) {
      counts.read += 1;
      lastUpdatedAt = node.updatedAt;
      const prepared = await prepareBackfillOrder(deps, shop, crm, node);
      if ("outcome" in prepared) count(counts, prepared.outcome);
      else buffer.push({ key: prepared.shopifyId, push: prepared });
    }
    if (buffer.length >= CRM_UPLOAD_BATCH_LIMIT) await flush();
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  await flush();
  return counts;
}

async function prepareBackfillOrder(deps: SyncServiceDeps, shop: string, crm: CrmAccess, node: ShopifyGraphqlOrder): Promise<PreparedOrderPush | OrderSyncResult> {
  const shopifyId = node.legacyResourceId;
  if (node.lineItems.pageInfo.hasNextPage) {
    return recordOrderFailure(
      deps,
      shop,
      shopifyId,
      `Order ${node.name} has more than ${ORDER_LINE_PAGE} lines, and the backfill does not send an order incomplete. Save the order once in Shopify (for example add a note): its webhook carries every line.`,
    );
  }
  const parsed = parseShopifyOrderPayload(convertGraphqlOrderToPayload(node));
  if (!parsed.ok) return recordOrderFailure(deps, shop, shopifyId, formatMappingProblems(`Order ${node.name}`, parsed.problems));
  const prepared = await prepareOrderPush(deps, { shop, order: parsed.value, shopifyId, settings: crm.settings });
  return prepared.done ? prepared.result : prepared;
}

function count(counts: BackfillCounts, outcome: OrderSyncResult["outcome"] | "linked" | "skipped"): void {
  switch (outcome) {
    case "created":
    case "updated":
    case "linked":
      counts.sent += 1;
      return;
    case "unchanged":
    case "stale":
    case "skipped":
      counts.unchanged += 1;
      return;
    case "failed":
      counts.failed += 1;
      return;
  }
}

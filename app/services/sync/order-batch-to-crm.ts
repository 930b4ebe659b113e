import { convertRestCustomer, readShopifyId, type ShopifyCustomer } from "../../sync/mapping";
import { CRM_UPLOAD_BATCH_LIMIT } from "../crm/upload";
import { CrmHttpError } from "../crm/errors";
import type { CrmOrder } from "../crm/types";
import { isSyncError } from "../errors";
import { findLedgerRecord } from "../ledger";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import { fetchCustomersForCrm } from "../shopify/operations/customers/customer-for-crm";
import { syncCustomerBatchToCrm, type CustomerBatchItem } from "./customer-batch-to-crm";
import { buildEntityLockKey, type EntityLock } from "../entity-lock";
import { findWaitingRecords } from "./backlog";
import type { CrmAccess } from "./crm-access";
import { isMissingCustomerRejection } from "./crm-rejections";
import {
  customerLedgerKey,
  describeOrderCarriedCustomer,
  recordCustomerFailure,
  type CustomerSyncResult,
  type SyncServiceDeps,
} from "./customer-to-crm";
import {
  describeCustomerBlocked,
  describeRejectedOrder,
  editCrmOrder,
  prepareOrderPush,
  pushPreparedOrder,
  readOrderCustomerId,
  readOrderDelivery,
  recordOrderFailure,
  recordOrderSynced,
  toCrmOrderWrite,
  type OrderSyncResult,
  type PreparedOrderPush,
} from "./order-to-crm";
import { formatMappingProblems } from "./sync-ledger";

/** A stored orders/* delivery taken into a batch. */
export interface BacklogOrderEvent {
  eventId: string;
  /** The order id the inbox read from the delivery. */
  entityId: string;
  payload: string;
  receivedAt: Date;
}

/** What sending a batch of orders needs besides the orders. */
export interface OrderBatchContext {
  shop: string;
  crm: CrmAccess;
  shopify: () => Promise<ShopifyGraphql>;
  /**
   * The processor's entity lock (queue workers): customers are sent under their locks, and orders whose customer
   * another job (or the customer's own waiting delivery) is sending are left out. Absent for the backfill.
   */
  lock?: EntityLock;
  signal?: AbortSignal;
}

/**
 * A backlog of order deliveries in as few CRM requests as possible, with the same outcome as syncing each one:
 * - per order only its newest delivery counts (the others are "stale"); stale and unchanged orders cost nothing;
 * - customers the CRM does not have yet are read from Shopify 25 at a time and sent together
 *   (syncCustomerBatchToCrm);
 * - one list by externalId finds the orders RetailCRM has (edited one by one, keeping their lines); the rest go
 *   in one upload per 50 with their payments, and each order the upload refuses is sent again on its own, which
 *   turns "already exists" into an edit and a refusal into a failed ledger row in plain words.
 * Returns the result of each event it handled. An order whose customer another job is sending right now is left
 * out (no result): its delivery stays unprocessed for its own job. Outages throw; what was sent before is recorded
 * and not sent twice.
 */
export async function syncOrderBatchToCrm(
  deps: SyncServiceDeps,
  input: OrderBatchContext & { events: readonly BacklogOrderEvent[] },
): Promise<Map<string, OrderSyncResult>> {
  const { shop, crm } = input;
  const results = new Map<string, OrderSyncResult>();

  // The newest delivery of each order.
  const newest = new Map<string, { event: BacklogOrderEvent; delivery: Extract<ReturnType<typeof readOrderDelivery>, { ok: true }> }>();
  for (const event of input.events) {
    const delivery = readOrderDelivery(event.payload, event.entityId);
    if (!delivery.ok) {
      results.set(event.eventId, await recordOrderFailure(deps, shop, delivery.shopifyId, delivery.problem));
      continue;
    }
    const current = newest.get(delivery.shopifyId);
    if (current && !isNewer(delivery.order.updated_at, event.receivedAt, current.delivery.order.updated_at, current.event.receivedAt)) {
      results.set(event.eventId, { outcome: "stale", shopifyId: delivery.shopifyId });
      continue;
    }
    if (current) results.set(current.event.eventId, { outcome: "stale", shopifyId: delivery.shopifyId });
    newest.set(delivery.shopifyId, { event, delivery });
  }

  const prepared: Array<{ eventId: string; push: PreparedOrderPush }> = [];
  for (const { event, delivery } of newest.values()) {
    const push = await prepareOrderPush(deps, { shop, order: delivery.order, shopifyId: delivery.shopifyId, settings: crm.settings });
    if (push.done) results.set(event.eventId, push.result);
    else prepared.push({ eventId: event.eventId, push });
  }
  if (prepared.length === 0) return results;

  for (const [key, result] of await sendPreparedOrdersInBatch(deps, { ...input, items: prepared.map((item) => ({ key: item.eventId, push: item.push })) })) {
    results.set(key, result);
  }
  return results;
}

/**
 * Prepared orders (see prepareOrderPush) in as few CRM requests as possible: their missing customers together,
 * one list by externalId, edits for the orders RetailCRM has, one upload per 50 for the rest, and each order the
 * upload refuses on its own. Returns the result per key; orders whose customer another job is sending have none.
 */
export async function sendPreparedOrdersInBatch(
  deps: SyncServiceDeps,
  input: OrderBatchContext & { items: ReadonlyArray<{ key: string; push: PreparedOrderPush }> },
): Promise<Map<string, OrderSyncResult>> {
  const { shop, crm } = input;
  const results = new Map<string, OrderSyncResult>();
  const prepared = input.items;
  if (prepared.length === 0) return results;
  const customers = await sendMissingCustomers(deps, { ...input, orders: prepared.map((item) => item.push) });
  const ready: Array<(typeof input.items)[number]> = [];
  for (const item of prepared) {
    const customerId = readOrderCustomerId(item.push);
    if (customerId !== undefined && customers.busy.has(customerId)) continue;
    const customer = customerId === undefined ? undefined : customers.results.get(customerId);
    if (customer?.outcome === "failed") {
      const problem = describeCustomerBlocked(item.push, customer.problem ?? "the customer was refused");
      results.set(item.key, await recordOrderFailure(deps, shop, item.push.shopifyId, problem));
    } else {
      ready.push(item);
    }
  }
  if (ready.length === 0) return results;

  const existing = await listCrmOrders(crm, ready.map((item) => item.push.payload.externalId));
  const one = (item: (typeof ready)[number]) => pushPreparedOrder(deps, { shop, crm, prepared: item.push, shopify: input.shopify, signal: input.signal });

  for (const item of ready) {
    const order = existing.get(item.push.payload.externalId);
    if (!order) continue;
    try {
      results.set(item.key, await recordOrderSynced(deps, shop, item.push, await editCrmOrder(crm.client, item.push.payload, item.push.lastSentStatus, order)));
    } catch (error) {
      if (!(error instanceof CrmHttpError) || error.kind !== "validation") throw error;
      results.set(
        item.key,
        isMissingCustomerRejection(error) ? await one(item) : await recordOrderFailure(deps, shop, item.push.shopifyId, describeRejectedOrder(item.push, error)),
      );
    }
  }

  const fresh = ready.filter((item) => !existing.has(item.push.payload.externalId));
  for (let start = 0; start < fresh.length; start += CRM_UPLOAD_BATCH_LIMIT) {
    const chunk = fresh.slice(start, start + CRM_UPLOAD_BATCH_LIMIT);
    const upload = await crm.client.orders.upload(chunk.map((item) => toCrmOrderWrite(item.push.payload)));
    const uploadedIds = new Map(upload.uploaded.map((record) => [record.externalId ?? "", record.id]));
    for (const item of chunk) {
      const crmId = uploadedIds.get(item.push.payload.externalId);
      results.set(
        item.key,
        crmId !== undefined ? await recordOrderSynced(deps, shop, item.push, { outcome: "created", crmId }) : await one(item),
      );
    }
  }
  return results;
}

/**
 * Sends, in one batch, the customers of these orders that the ledger does not show as in the CRM, each under its
 * lock. Customers another job holds are `busy` (that job is sending them). Customers Shopify no longer has (or the
 * app cannot read) are sent as their order carries them.
 */
async function sendMissingCustomers(
  deps: SyncServiceDeps,
  input: OrderBatchContext & { orders: readonly PreparedOrderPush[] },
): Promise<{ results: Map<string, CustomerSyncResult>; busy: Set<string> }> {
  const { shop } = input;
  const results = new Map<string, CustomerSyncResult>();
  const busy = new Set<string>();
  const held: Array<{ release(): Promise<void> }> = [];
  try {
    const notInCrm = new Map<string, PreparedOrderPush>();
    for (const order of input.orders) {
      const customerId = readOrderCustomerId(order);
      if (customerId === undefined || notInCrm.has(customerId)) continue;
      if (!(await isCustomerInCrm(deps, shop, customerId))) notInCrm.set(customerId, order);
    }
    // Customers with a delivery of their own waiting are left to it: their jobs send them in full batches of their
    // own, and these orders follow. Sending some of them here would split those batches into more requests.
    const waiting = input.lock ? await findWaitingRecords(deps.db, shop, "customer", [...notInCrm.keys()]) : new Set<string>();
    const missing = new Map<string, PreparedOrderPush>();
    for (const [customerId, order] of notInCrm) {
      if (waiting.has(customerId)) {
        busy.add(customerId);
        continue;
      }
      if (input.lock) {
        const lock = await input.lock.tryLock(buildEntityLockKey(shop, "customer", customerId));
        if (!lock) {
          busy.add(customerId);
          continue;
        }
        held.push(lock);
        // The job that held the lock may have just sent it.
        if (await isCustomerInCrm(deps, shop, customerId)) continue;
      }
      missing.set(customerId, order);
    }
    if (missing.size === 0) return { results, busy };

    let current = new Map<string, ShopifyCustomer>();
    let readProblem: string | undefined;
    try {
      current = await fetchCustomersForCrm(await input.shopify(), [...missing.keys()], { signal: input.signal });
    } catch (error) {
      if (!(isSyncError(error) && error.kind === "auth")) throw error;
      readProblem = `the app could not read the customer from Shopify (${error.message})`;
    }
    const items: CustomerBatchItem[] = [];
    for (const [customerId, order] of missing) {
      const customer = current.get(customerId);
      if (customer) {
        items.push({ customer });
        continue;
      }
      const converted = order.order.customer ? convertRestCustomer(order.order.customer) : undefined;
      if (converted?.ok) {
        items.push({ customer: converted.value, notes: [describeOrderCarriedCustomer(readProblem)] });
      } else {
        const problem = converted ? formatMappingProblems(`Shopify customer ${customerId}`, converted.problems) : `Shopify customer ${customerId} could not be read.`;
        results.set(customerId, await recordCustomerFailure(deps, shop, customerId, problem));
      }
    }
    for (const [customerId, result] of await syncCustomerBatchToCrm(deps, { shop, crm: input.crm, items })) results.set(customerId, result);
    return { results, busy };
  } finally {
    await Promise.all(held.map((lock) => lock.release()));
  }
}

/** How long an order waits when its customer's own delivery is still waiting to be sent. */
export const CUSTOMER_DELIVERY_WAIT_MS = 1000;

/**
 * The id of the order's customer when the CRM does not have that customer yet and a delivery of the customer waits in
 * the inbox: the order should wait for it (see sendMissingCustomers) rather than start a batch it cannot send.
 */
export async function findCustomerOnItsWay(deps: SyncServiceDeps, shop: string, payload: string, orderId: string): Promise<string | undefined> {
  const delivery = readOrderDelivery(payload, orderId);
  const customer = delivery.ok ? delivery.order.customer : undefined;
  const customerId = customer ? readShopifyId(customer.id, customer.admin_graphql_api_id)?.id : undefined;
  if (!customerId || (await isCustomerInCrm(deps, shop, customerId))) return undefined;
  return (await findWaitingRecords(deps.db, shop, "customer", [customerId])).has(customerId) ? customerId : undefined;
}

async function isCustomerInCrm(deps: SyncServiceDeps, shop: string, customerId: string): Promise<boolean> {
  const ledger = await findLedgerRecord(deps.db, customerLedgerKey(shop, customerId));
  return ledger?.state === "synced" && Boolean(ledger.crmId);
}

async function listCrmOrders(crm: CrmAccess, externalIds: readonly string[]): Promise<Map<string, CrmOrder>> {
  const found = new Map<string, CrmOrder>();
  for (let start = 0; start < externalIds.length; start += 100) {
    const page = await crm.client.orders.list({ externalIds: externalIds.slice(start, start + 100) }, { limit: 100 });
    for (const order of page.items) if (order.externalId) found.set(order.externalId, order);
  }
  return found;
}

/** Newer `updated_at` wins; on a tie (or no dates) the later delivery does. */
function isNewer(updatedAt: string | null | undefined, receivedAt: Date, otherUpdatedAt: string | null | undefined, otherReceivedAt: Date): boolean {
  const a = updatedAt ? Date.parse(updatedAt) : Number.NaN;
  const b = otherUpdatedAt ? Date.parse(otherUpdatedAt) : Number.NaN;
  if (!Number.isNaN(a) && !Number.isNaN(b) && a !== b) return a > b;
  return receivedAt >= otherReceivedAt;
}

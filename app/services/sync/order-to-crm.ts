import {
  CRM_LINE_EXTERNAL_ID_CODE,
  mapOrderToCrm,
  parseShopifyOrderPayload,
  readShopifyId,
  toCrmOrderEdit,
  type CrmOrderEditInput,
  type CrmOrderInput,
  type CrmOrderItemInput,
  type CrmOrderPaymentInput,
  type ShopifyOrderPayload,
} from "../../sync/mapping";
import type { CrmClient } from "../crm/client";
import { CrmHttpError } from "../crm/errors";
import type { CrmOrderInput as CrmOrderWrite, CrmOrderItemInput as CrmOrderItemWrite, CrmOrder, CrmOrderItem, CrmPayment } from "../crm/types";
import { isSyncError } from "../errors";
import { findLedgerRecord, hashPayload, recordLedger, type LedgerKey } from "../ledger";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import type { CrmAccess } from "./crm-access";
import { describeOrderRejection, isMissingCustomerRejection } from "./crm-rejections";
import { ensureCustomerInCrm, type SyncServiceDeps } from "./customer-to-crm";
import { decodeOrderPushState, encodeOrderPushState, formatMappingNotes, formatMappingProblems } from "./sync-ledger";

/** created / updated change the CRM; unchanged (same mapped order) and stale (older delivery) change nothing. */
export type OrderSyncOutcome = "created" | "updated" | "unchanged" | "stale" | "failed";

export interface OrderSyncResult {
  outcome: OrderSyncOutcome;
  shopifyId: string;
  crmId?: string;
  /** Plain words for a failed sync, as recorded in the ledger. */
  problem?: string;
}

export interface OrderSyncInput {
  shop: string;
  /** The orders/* webhook body exactly as received (ids above 2^53 are read losslessly from it). */
  payload: string;
  /** The order id the inbox read from the delivery: the ledger key when the body itself cannot be read. */
  fallbackOrderId: string;
  crm: CrmAccess;
  shopify: () => Promise<ShopifyGraphql>;
  signal?: AbortSignal;
}

export function orderLedgerKey(shop: string, shopifyOrderId: string): LedgerKey {
  return { shop, entity: "order", direction: "to_crm", sourceId: shopifyOrderId };
}

/**
 * Shopify order (orders/* webhook body) → RetailCRM order, idempotently and in order.
 *
 * - A delivery older (`updated_at`) than the last one applied changes nothing ("stale").
 * - An order that maps to exactly what was last sent is not sent again ("unchanged"): replays cost no requests.
 * - The customer goes first (see ensureCustomerInCrm) and the order names it by externalId.
 * - The CRM order is looked up by externalId: missing → created with its payment; present (or created meanwhile,
 *   "already exists") → edited, keeping the CRM's line ids and lines a CRM user added, and its payment is created
 *   or edited under the same externalId. The status is left out when the mapping asks for the same status as last
 *   time (see OrderPushState).
 * - A refusal by RetailCRM is a "failed" ledger row in plain words and is not retried by itself; outages throw.
 */
export async function syncOrderToCrm(deps: SyncServiceDeps, input: OrderSyncInput): Promise<OrderSyncResult> {
  const { shop, crm } = input;
  const parsed = parseShopifyOrderPayload(input.payload);
  if (!parsed.ok) {
    return recordOrderFailure(deps, shop, input.fallbackOrderId, formatMappingProblems(`Shopify order ${input.fallbackOrderId}`, parsed.problems));
  }
  const order = parsed.value;
  const shopifyId = readShopifyId(order.id, order.admin_graphql_api_id)?.id ?? input.fallbackOrderId;
  const orderName = order.name?.trim() || `with Shopify id ${shopifyId}`;
  const key = orderLedgerKey(shop, shopifyId);
  const ledger = await findLedgerRecord(deps.db, key);
  const updatedAt = order.updated_at ? new Date(order.updated_at) : undefined;
  if (updatedAt && ledger?.sourceUpdatedAt && updatedAt < ledger.sourceUpdatedAt) {
    deps.logger.debug({ shop, shopifyId, updatedAt, applied: ledger.sourceUpdatedAt }, "older order delivery ignored");
    return { outcome: "stale", shopifyId, crmId: ledger.crmId ?? undefined };
  }

  const mapped = mapOrderToCrm(order, crm.settings);
  if (!mapped.ok) return recordOrderFailure(deps, shop, shopifyId, formatMappingProblems(`Order ${orderName}`, mapped.problems));
  const payload = mapped.value;
  const hash = hashPayload(payload);
  const lastPush = decodeOrderPushState(ledger?.payloadHash);
  const newestUpdate = latest(updatedAt, ledger?.sourceUpdatedAt ?? undefined);
  if (ledger?.state === "synced" && lastPush.hash === hash) {
    if (newestUpdate && newestUpdate.getTime() !== ledger.sourceUpdatedAt?.getTime()) {
      await recordLedger(deps.db, key, { state: "synced", sourceUpdatedAt: newestUpdate, lastError: ledger.lastError });
    }
    return { outcome: "unchanged", shopifyId, crmId: ledger.crmId ?? undefined };
  }

  const ensureCustomer = async (force: boolean) => {
    if (!order.customer || !payload.customer) return undefined;
    const customerId = readShopifyId(order.customer.id, order.customer.admin_graphql_api_id)?.id;
    if (!customerId) return undefined;
    const result = await ensureCustomerInCrm(deps, {
      shop,
      crm,
      orderCustomer: order.customer,
      shopifyCustomerId: customerId,
      shopify: input.shopify,
      force,
      signal: input.signal,
    });
    return result.outcome === "failed" ? `its customer could not be sent first. ${result.problem ?? ""}`.trim() : undefined;
  };
  const customerProblem = await ensureCustomer(false);
  if (customerProblem) return recordOrderFailure(deps, shop, shopifyId, `Order ${orderName} was not sent to RetailCRM: ${customerProblem}`);

  await crm.gate();
  const lastSentStatus = ledger ? lastPush.status : undefined;
  let written: { outcome: "created" | "updated"; crmId: number };
  try {
    written = await writeCrmOrder(crm.client, payload, lastSentStatus).catch(async (error: unknown) => {
      // The CRM lost the customer the ledger remembers (deleted there): send it again, then the order once more.
      if (!isMissingCustomerRejection(error)) throw error;
      const problem = await ensureCustomer(true);
      if (problem) throw error;
      return writeCrmOrder(crm.client, payload, lastSentStatus);
    });
  } catch (error) {
    if (!(error instanceof CrmHttpError) || error.kind !== "validation") throw error;
    const problem = describeOrderRejection(error, {
      orderName,
      order: payload,
      gateway: order.payment_gateway_names?.find((name) => name.trim() !== ""),
      shippingMethod: readShippingMethod(order),
    });
    return recordOrderFailure(deps, shop, shopifyId, problem);
  }

  await recordLedger(deps.db, key, {
    state: "synced",
    shopifyId,
    crmId: String(written.crmId),
    payloadHash: encodeOrderPushState({ hash, status: payload.status }),
    sourceUpdatedAt: newestUpdate,
    lastPushedAt: new Date(),
    lastError: formatMappingNotes(mapped.notes),
    attempt: true,
  });
  deps.logger.debug({ shop, shopifyId, crmId: written.crmId, outcome: written.outcome }, "order sent to RetailCRM");
  return { outcome: written.outcome, shopifyId, crmId: String(written.crmId) };
}

async function recordOrderFailure(deps: SyncServiceDeps, shop: string, shopifyId: string, problem: string): Promise<OrderSyncResult> {
  await recordLedger(deps.db, orderLedgerKey(shop, shopifyId), { state: "failed", shopifyId, lastError: problem, attempt: true });
  return { outcome: "failed", shopifyId, problem };
}

async function writeCrmOrder(
  client: CrmClient,
  payload: CrmOrderInput,
  lastSentStatus: string | undefined,
): Promise<{ outcome: "created" | "updated"; crmId: number }> {
  let existing = await findCrmOrder(client, payload.externalId);
  if (!existing) {
    try {
      const { id } = await client.orders.create(toCrmOrderWrite(payload));
      return { outcome: "created", crmId: id };
    } catch (error) {
      if (!(isSyncError(error) && error.kind === "conflict")) throw error;
      existing = await findCrmOrder(client, payload.externalId);
      if (!existing) throw error;
    }
  }
  const edit = toCrmOrderEdit(payload, { lastSentStatus });
  const { id } = await client.orders.edit({ externalId: payload.externalId }, { ...toCrmOrderWrite(edit), items: keepCrmLines(edit.items, existing.items) });
  const payment = payload.payments[0];
  if (payment) await upsertPayment(client, payload.externalId, payment, existing.payments);
  return { outcome: "updated", crmId: id };
}

/** The mapping core's order as the client's (wider) write type. */
function toCrmOrderWrite(order: CrmOrderEditInput & { payments?: readonly CrmOrderPaymentInput[] }): CrmOrderWrite {
  const { items, delivery, payments, ...rest } = order;
  return {
    ...rest,
    items: items.map((item) => ({ ...item })),
    ...(delivery ? { delivery: { ...delivery } } : {}),
    ...(payments ? { payments: payments.map((payment) => ({ ...payment })) } : {}),
  };
}

async function findCrmOrder(client: CrmClient, externalId: string): Promise<CrmOrder | undefined> {
  try {
    return await client.orders.get({ externalId });
  } catch (error) {
    if (isSyncError(error) && error.kind === "not_found") return undefined;
    throw error;
  }
}

function shopifyLineIdOf(externalIds: readonly { code: string; value: string }[] | undefined): string | undefined {
  return externalIds?.find((entry) => entry.code === CRM_LINE_EXTERNAL_ID_CODE)?.value;
}

/**
 * The edit's item list: Shopify's lines carry the id of their CRM line (so the CRM updates the line instead of
 * replacing it), and lines a CRM user added (no Shopify line id) are kept by id. RetailCRM drops lines left out.
 */
export function keepCrmLines(items: readonly CrmOrderItemInput[], crmItems: readonly CrmOrderItem[]): CrmOrderItemWrite[] {
  const crmIdByShopifyLine = new Map<string, number>();
  for (const crmItem of crmItems) {
    const lineId = shopifyLineIdOf(crmItem.externalIds);
    if (lineId !== undefined && crmItem.id !== undefined) crmIdByShopifyLine.set(lineId, crmItem.id);
  }
  const fromShopify = items.map((item) => {
    const lineId = shopifyLineIdOf(item.externalIds);
    const crmId = lineId === undefined ? undefined : crmIdByShopifyLine.get(lineId);
    return crmId === undefined ? { ...item } : { ...item, id: crmId };
  });
  const addedInCrm = crmItems
    .filter((crmItem) => crmItem.id !== undefined && shopifyLineIdOf(crmItem.externalIds) === undefined)
    .map((crmItem) => ({ id: crmItem.id as number }));
  return [...fromShopify, ...addedInCrm];
}

async function upsertPayment(client: CrmClient, orderExternalId: string, wanted: CrmOrderPaymentInput, current: readonly CrmPayment[]): Promise<void> {
  const existing = current.find((payment) => payment.externalId === wanted.externalId);
  if (!existing) {
    await client.orders.createPayment({ ...wanted, order: { externalId: orderExternalId } });
    return;
  }
  const changed =
    existing.type !== wanted.type ||
    existing.status !== wanted.status ||
    Number(existing.amount) !== wanted.amount ||
    (wanted.paidAt !== undefined && existing.paidAt !== wanted.paidAt);
  if (!changed) return;
  const { externalId, ...fields } = wanted;
  await client.orders.editPayment({ externalId }, fields);
}

function readShippingMethod(order: ShopifyOrderPayload): string | undefined {
  const line = (order.shipping_lines ?? []).find((candidate) => candidate.is_removed !== true);
  return line?.code?.trim() || line?.title?.trim() || undefined;
}

function latest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

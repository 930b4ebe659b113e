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
  type MappingNote,
  type ShopifyOrderPayload,
} from "../../sync/mapping";
import type { CrmClient } from "../crm/client";
import { CrmHttpError } from "../crm/errors";
import type { CrmOrderInput as CrmOrderWrite, CrmOrderItemInput as CrmOrderItemWrite, CrmOrder, CrmOrderItem, CrmPayment } from "../crm/types";
import { isSyncError } from "../errors";
import { findLedgerRecord, hashPayload, recordLedger, type LedgerKey } from "../ledger";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import type { EntityLock } from "../entity-lock";
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
  /** The processor's entity lock: the order's customer is sent under its own lock (see ensureCustomerInCrm). */
  lock?: EntityLock;
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
  const delivery = readOrderDelivery(input.payload, input.fallbackOrderId);
  if (!delivery.ok) return recordOrderFailure(deps, shop, delivery.shopifyId, delivery.problem);
  const prepared = await prepareOrderPush(deps, { shop, order: delivery.order, shopifyId: delivery.shopifyId, settings: crm.settings });
  if (prepared.done) return prepared.result;

  return pushPreparedOrder(deps, { shop, crm, prepared, shopify: input.shopify, lock: input.lock, signal: input.signal });
}

/**
 * The CRM part of one order: its customer first, then the order looked up and created or edited. A RetailCRM
 * refusal is recorded in plain words; outages throw.
 */
export async function pushPreparedOrder(
  deps: SyncServiceDeps,
  input: { shop: string; crm: CrmAccess; prepared: PreparedOrderPush; shopify: () => Promise<ShopifyGraphql>; lock?: EntityLock; signal?: AbortSignal },
): Promise<OrderSyncResult> {
  const { shop, crm, prepared } = input;
  const ensureCustomer = (force: boolean) =>
    ensureOrderCustomer(deps, { shop, crm, prepared, shopify: input.shopify, lock: input.lock, force, signal: input.signal });
  const customerProblem = await ensureCustomer(false);
  if (customerProblem) return recordOrderFailure(deps, shop, prepared.shopifyId, describeCustomerBlocked(prepared, customerProblem));

  let written: CrmOrderWriteResult;
  try {
    written = await writeCrmOrder(crm.client, prepared.payload, prepared.lastSentStatus).catch(async (error: unknown) => {
      // The CRM lost the customer the ledger remembers (deleted there): send it again, then the order once more.
      if (!isMissingCustomerRejection(error)) throw error;
      if (await ensureCustomer(true)) throw error;
      return writeCrmOrder(crm.client, prepared.payload, prepared.lastSentStatus);
    });
  } catch (error) {
    if (!(error instanceof CrmHttpError) || error.kind !== "validation") throw error;
    return recordOrderFailure(deps, shop, prepared.shopifyId, describeRejectedOrder(prepared, error));
  }
  return recordOrderSynced(deps, shop, prepared, written);
}

/** An orders/* body read, or the problem that stops it (recorded under the id the inbox read). */
export type OrderDelivery = { ok: true; order: ShopifyOrderPayload; shopifyId: string } | { ok: false; shopifyId: string; problem: string };

export function readOrderDelivery(payload: string, fallbackOrderId: string): OrderDelivery {
  const parsed = parseShopifyOrderPayload(payload);
  if (!parsed.ok) return { ok: false, shopifyId: fallbackOrderId, problem: formatMappingProblems(`Shopify order ${fallbackOrderId}`, parsed.problems) };
  const order = parsed.value;
  return { ok: true, order, shopifyId: readShopifyId(order.id, order.admin_graphql_api_id)?.id ?? fallbackOrderId };
}

/** An order that needs sending, with what the ledger knew about it. */
export interface PreparedOrderPush {
  done: false;
  shopifyId: string;
  orderName: string;
  order: ShopifyOrderPayload;
  payload: CrmOrderInput;
  hash: string;
  notes: readonly MappingNote[];
  /** The status the mapping asked for last time (undefined when the ledger never saw the order). */
  lastSentStatus: string | undefined;
  /** The newest Shopify `updated_at` applied once this push succeeds. */
  sourceUpdatedAt: Date | undefined;
}

/**
 * Ledger checks and mapping before any CRM request: a stale delivery or an order that maps to what was last sent
 * ends here (`done`), as does an order the mapping refuses (recorded as failed).
 */
export async function prepareOrderPush(
  deps: SyncServiceDeps,
  input: { shop: string; order: ShopifyOrderPayload; shopifyId: string; settings: CrmAccess["settings"] },
): Promise<PreparedOrderPush | { done: true; result: OrderSyncResult }> {
  const { shop, order, shopifyId } = input;
  const orderName = order.name?.trim() || `with Shopify id ${shopifyId}`;
  const key = orderLedgerKey(shop, shopifyId);
  const ledger = await findLedgerRecord(deps.db, key);
  const updatedAt = order.updated_at ? new Date(order.updated_at) : undefined;
  if (updatedAt && ledger?.sourceUpdatedAt && updatedAt < ledger.sourceUpdatedAt) {
    deps.logger.debug({ shop, shopifyId, updatedAt, applied: ledger.sourceUpdatedAt }, "older order delivery ignored");
    return { done: true, result: { outcome: "stale", shopifyId, crmId: ledger.crmId ?? undefined } };
  }

  const mapped = mapOrderToCrm(order, input.settings);
  if (!mapped.ok) {
    return { done: true, result: await recordOrderFailure(deps, shop, shopifyId, formatMappingProblems(`Order ${orderName}`, mapped.problems)) };
  }
  const payload = mapped.value;
  const hash = hashPayload(payload);
  const lastPush = decodeOrderPushState(ledger?.payloadHash);
  const sourceUpdatedAt = latest(updatedAt, ledger?.sourceUpdatedAt ?? undefined);
  if (ledger?.state === "synced" && lastPush.hash === hash) {
    if (sourceUpdatedAt && sourceUpdatedAt.getTime() !== ledger.sourceUpdatedAt?.getTime()) {
      await recordLedger(deps.db, key, { state: "synced", sourceUpdatedAt, lastError: ledger.lastError });
    }
    return { done: true, result: { outcome: "unchanged", shopifyId, crmId: ledger.crmId ?? undefined } };
  }
  return {
    done: false,
    shopifyId,
    orderName,
    order,
    payload,
    hash,
    notes: mapped.notes,
    lastSentStatus: ledger ? lastPush.status : undefined,
    sourceUpdatedAt,
  };
}

/** The order's customer id in Shopify when the order names a customer (guest checkouts do not). */
export function readOrderCustomerId(prepared: PreparedOrderPush): string | undefined {
  const customer = prepared.order.customer;
  if (!customer || !prepared.payload.customer) return undefined;
  return readShopifyId(customer.id, customer.admin_graphql_api_id)?.id;
}

/** Sends the order's customer first; returns the problem when that fails. */
async function ensureOrderCustomer(
  deps: SyncServiceDeps,
  input: {
    shop: string;
    crm: CrmAccess;
    prepared: PreparedOrderPush;
    shopify: () => Promise<ShopifyGraphql>;
    lock?: EntityLock;
    force: boolean;
    signal?: AbortSignal;
  },
): Promise<string | undefined> {
  const customerId = readOrderCustomerId(input.prepared);
  const orderCustomer = input.prepared.order.customer;
  if (!customerId || !orderCustomer) return undefined;
  const result = await ensureCustomerInCrm(deps, {
    shop: input.shop,
    crm: input.crm,
    orderCustomer,
    shopifyCustomerId: customerId,
    shopify: input.shopify,
    force: input.force,
    lock: input.lock,
    signal: input.signal,
  });
  return result.outcome === "failed" ? (result.problem ?? "the customer was refused") : undefined;
}

export function describeCustomerBlocked(prepared: PreparedOrderPush, customerProblem: string): string {
  return `Order ${prepared.orderName} was not sent to RetailCRM: its customer could not be sent first. ${customerProblem}`;
}

export function describeRejectedOrder(prepared: PreparedOrderPush, error: CrmHttpError): string {
  return describeOrderRejection(error, {
    orderName: prepared.orderName,
    order: prepared.payload,
    gateway: prepared.order.payment_gateway_names?.find((name) => name.trim() !== ""),
    shippingMethod: readShippingMethod(prepared.order),
  });
}

export async function recordOrderSynced(deps: SyncServiceDeps, shop: string, prepared: PreparedOrderPush, written: CrmOrderWriteResult): Promise<OrderSyncResult> {
  await recordLedger(deps.db, orderLedgerKey(shop, prepared.shopifyId), {
    state: "synced",
    shopifyId: prepared.shopifyId,
    crmId: String(written.crmId),
    payloadHash: encodeOrderPushState({ hash: prepared.hash, status: prepared.payload.status }),
    sourceUpdatedAt: prepared.sourceUpdatedAt,
    lastPushedAt: new Date(),
    lastError: formatMappingNotes(prepared.notes),
    attempt: true,
  });
  deps.logger.debug({ shop, shopifyId: prepared.shopifyId, crmId: written.crmId, outcome: written.outcome }, "order sent to RetailCRM");
  return { outcome: written.outcome, shopifyId: prepared.shopifyId, crmId: String(written.crmId) };
}

export async function recordOrderFailure(deps: SyncServiceDeps, shop: string, shopifyId: string, problem: string): Promise<OrderSyncResult> {
  await recordLedger(deps.db, orderLedgerKey(shop, shopifyId), { state: "failed", shopifyId, lastError: problem, attempt: true });
  return { outcome: "failed", shopifyId, problem };
}

export type CrmOrderWriteResult = { outcome: "created" | "updated"; crmId: number };

/** Looks the order up by externalId; creates it, or edits it (and its payment) when it exists. */
export async function writeCrmOrder(client: CrmClient, payload: CrmOrderInput, lastSentStatus: string | undefined): Promise<CrmOrderWriteResult> {
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
  return editCrmOrder(client, payload, lastSentStatus, existing);
}

/** Edits an order RetailCRM has, keeping its line ids, and creates or edits its payment. */
export async function editCrmOrder(client: CrmClient, payload: CrmOrderInput, lastSentStatus: string | undefined, existing: CrmOrder): Promise<CrmOrderWriteResult> {
  const edit = toCrmOrderEdit(payload, { lastSentStatus });
  const { id } = await client.orders.edit({ externalId: payload.externalId }, { ...toCrmOrderWrite(edit), items: keepCrmLines(edit.items, existing.items) });
  const payment = payload.payments[0];
  if (payment) await upsertPayment(client, payload.externalId, payment, existing.payments);
  return { outcome: "updated", crmId: id };
}

/** The mapping core's order as the client's (wider) write type. */
export function toCrmOrderWrite(order: CrmOrderEditInput & { payments?: readonly CrmOrderPaymentInput[] }): CrmOrderWrite {
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

import { readGidNumber, type CrmCustomerInput, type ShopifyCustomer } from "../../sync/mapping";
import { CRM_UPLOAD_BATCH_LIMIT } from "../crm/upload";
import { CrmHttpError, describeDetails } from "../crm/errors";
import { findLedgerRecord, hashPayload } from "../ledger";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import { fetchCustomersForCrm } from "../shopify/operations/customers/customer-for-crm";
import type { CrmAccess } from "./crm-access";
import {
  customerLedgerKey,
  describeCustomerRejection,
  findCrmCustomerByEmail,
  mapShopCustomer,
  recordCustomerFailure,
  recordCustomerGone,
  recordCustomerSynced,
  writeCrmCustomer,
  type CrmCustomerMatch,
  type CustomerSyncResult,
  type SyncServiceDeps,
} from "./customer-to-crm";
import { formatMappingProblems } from "./sync-ledger";

export interface CustomerBatchItem {
  customer: ShopifyCustomer;
  /** Extra ledger notes about how the customer was read. */
  notes?: string[];
}

interface PendingCustomer {
  shopifyId: string;
  customer: ShopifyCustomer;
  payload: CrmCustomerInput;
  payloadHash: string;
  notes: string[];
}

/**
 * Several customers with as few CRM requests as RetailCRM allows: one list by externalId for all of them, an
 * e-mail lookup for each one not found that way (RetailCRM has no filter for several e-mails), one upload per 50
 * new customers, and an edit for each that exists. A customer the upload refuses is handled on its own: "already
 * exists" (created meanwhile) becomes an edit, anything else a failed ledger row in RetailCRM's words. The same
 * rules as syncCustomerToCrm apply: unchanged customers cost nothing, a match by e-mail is linked.
 */
export async function syncCustomerBatchToCrm(
  deps: SyncServiceDeps,
  input: { shop: string; crm: CrmAccess; items: readonly CustomerBatchItem[] },
): Promise<Map<string, CustomerSyncResult>> {
  const { shop, crm } = input;
  const results = new Map<string, CustomerSyncResult>();
  const pending: PendingCustomer[] = [];
  for (const { customer, notes } of input.items) {
    const shopifyId = readGidNumber(customer.id) ?? customer.id;
    if (results.has(shopifyId) || pending.some((item) => item.shopifyId === shopifyId)) continue;
    const mapped = mapShopCustomer(customer, crm.settings);
    if (!mapped.ok) {
      results.set(shopifyId, await recordCustomerFailure(deps, shop, shopifyId, formatMappingProblems(`Shopify customer ${shopifyId}`, mapped.problems)));
      continue;
    }
    const payloadHash = hashPayload(mapped.value);
    const ledger = await findLedgerRecord(deps.db, customerLedgerKey(shop, shopifyId));
    if (ledger?.state === "synced" && ledger.payloadHash === payloadHash) {
      results.set(shopifyId, { outcome: "unchanged", shopifyId, externalId: mapped.value.externalId, crmId: ledger.crmId ?? undefined });
      continue;
    }
    pending.push({ shopifyId, customer, payload: mapped.value, payloadHash, notes: [...(notes ?? []), ...mapped.notes.map((note) => note.message)] });
  }
  if (pending.length === 0) return results;

  const matches = await findCrmCustomers(crm, pending);
  const write = async (item: PendingCustomer, match: CrmCustomerMatch | undefined) => {
    try {
      const written = await writeCrmCustomer(crm.client, item.payload, match);
      results.set(item.shopifyId, await recordCustomerSynced(deps, { shop, customer: item.customer, payloadHash: item.payloadHash, written, notes: item.notes }));
    } catch (error) {
      if (!(error instanceof CrmHttpError) || error.kind !== "validation") throw error;
      const problem = describeCustomerRejection(item.shopifyId, describeDetails(error.errorMsg, error.errors));
      results.set(item.shopifyId, await recordCustomerFailure(deps, shop, item.shopifyId, problem));
    }
  };

  const fresh = pending.filter((item) => !matches.has(item.shopifyId));
  for (const item of pending) {
    const match = matches.get(item.shopifyId);
    if (match) await write(item, match);
  }
  for (let start = 0; start < fresh.length; start += CRM_UPLOAD_BATCH_LIMIT) {
    const chunk = fresh.slice(start, start + CRM_UPLOAD_BATCH_LIMIT);
    const upload = await crm.client.customers.upload(chunk.map((item) => ({ ...item.payload })));
    const uploadedIds = new Map(upload.uploaded.map((record) => [record.externalId ?? "", record.id]));
    for (const item of chunk) {
      const crmId = uploadedIds.get(item.payload.externalId);
      if (crmId !== undefined) {
        const written = { outcome: "created" as const, crmId, externalId: item.payload.externalId };
        results.set(item.shopifyId, await recordCustomerSynced(deps, { shop, customer: item.customer, payloadHash: item.payloadHash, written, notes: item.notes }));
        continue;
      }
      const failure = upload.failed.find((record) => record.externalId === item.payload.externalId);
      if (failure?.alreadyExists) {
        // Created meanwhile by another job: edit it.
        await write(item, { by: "externalId" });
        continue;
      }
      if (!failure) {
        // The answer did not say: the one-by-one path looks it up and creates or edits it.
        await write(item, undefined);
        continue;
      }
      results.set(item.shopifyId, await recordCustomerFailure(deps, shop, item.shopifyId, describeCustomerRejection(item.shopifyId, failure.error)));
    }
  }
  return results;
}

/** Existing CRM customers for the batch: one list by externalId, then an exact e-mail lookup for the rest. */
async function findCrmCustomers(crm: CrmAccess, pending: readonly PendingCustomer[]): Promise<Map<string, CrmCustomerMatch>> {
  const matches = new Map<string, CrmCustomerMatch>();
  const byExternalId = new Map(pending.map((item) => [item.payload.externalId, item.shopifyId]));
  for (let start = 0; start < pending.length; start += 100) {
    const externalIds = pending.slice(start, start + 100).map((item) => item.payload.externalId);
    const page = await crm.client.customers.list({ externalIds }, { limit: 100 });
    for (const customer of page.items) {
      const shopifyId = customer.externalId ? byExternalId.get(customer.externalId) : undefined;
      if (shopifyId !== undefined) matches.set(shopifyId, { by: "externalId" });
    }
  }
  const linked = new Set<number>();
  for (const item of pending) {
    if (matches.has(item.shopifyId) || !item.payload.email) continue;
    const match = await findCrmCustomerByEmail(crm.client, item.payload.email);
    // Two Shopify customers with one e-mail: only the first is linked, the second gets a CRM customer of its own.
    if (match?.by === "email" && !linked.has(match.crmId)) {
      linked.add(match.crmId);
      matches.set(item.shopifyId, match);
    }
  }
  return matches;
}

/** A stored customer delivery taken into a batch. */
export interface BacklogCustomerEvent {
  eventId: string;
  /** The customer id the inbox read from the delivery. */
  entityId: string;
}

/**
 * A backlog of customer deliveries: the customers are read from Shopify 25 at a time (deliveries are signals) and
 * sent with syncCustomerBatchToCrm. Returns the result of every event; a customer deleted in Shopify meanwhile is
 * skipped with a ledger note.
 */
export async function syncCustomerEventsToCrm(
  deps: SyncServiceDeps,
  input: { shop: string; crm: CrmAccess; events: readonly BacklogCustomerEvent[]; shopify: () => Promise<ShopifyGraphql>; signal?: AbortSignal },
): Promise<Map<string, CustomerSyncResult>> {
  const ids = [...new Set(input.events.map((event) => event.entityId))];
  const current = await fetchCustomersForCrm(await input.shopify(), ids, { signal: input.signal });
  const byCustomer = new Map<string, CustomerSyncResult>();
  for (const id of ids) if (!current.has(id)) byCustomer.set(id, await recordCustomerGone(deps, input.shop, id));
  const sent = await syncCustomerBatchToCrm(deps, { shop: input.shop, crm: input.crm, items: [...current.values()].map((customer) => ({ customer })) });
  for (const [id, result] of sent) byCustomer.set(id, result);
  const results = new Map<string, CustomerSyncResult>();
  for (const event of input.events) {
    const result = byCustomer.get(event.entityId);
    if (result) results.set(event.eventId, result);
  }
  return results;
}

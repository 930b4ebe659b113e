import type { Db } from "../../db.server";
import {
  buildCustomerExternalId,
  convertRestCustomer,
  mapCustomerToCrm,
  readGidNumber,
  toCrmCustomerEdit,
  type CrmCustomerInput,
  type ShopifyCustomer,
  type ShopifyRestCustomer,
} from "../../sync/mapping";
import type { CrmClient } from "../crm/client";
import { CrmHttpError, describeDetails } from "../crm/errors";
import { isSyncError } from "../errors";
import { findLedgerRecord, hashPayload, recordLedger, type LedgerKey } from "../ledger";
import type { Logger } from "../logger";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import { fetchCustomerForCrm } from "../shopify/operations/customers/customer-for-crm";
import { buildEntityLockKey, type EntityLock } from "../entity-lock";
import { requeueLater, type CrmAccess } from "./crm-access";
import { formatMappingProblems } from "./sync-ledger";

export interface SyncServiceDeps {
  db: Db;
  logger: Logger;
}

/**
 * created / updated / linked (an existing CRM customer found by e-mail got our externalId) change the CRM;
 * unchanged (same as last sent) and skipped (nothing to send) do not.
 */
export type CustomerSyncOutcome = "created" | "updated" | "linked" | "unchanged" | "skipped" | "failed";

export interface CustomerSyncResult {
  outcome: CustomerSyncOutcome;
  shopifyId: string;
  externalId?: string;
  crmId?: string;
  /** Plain words for a failed sync, as recorded in the ledger. */
  problem?: string;
}

export interface CustomerSyncInput {
  shop: string;
  customer: ShopifyCustomer;
  crm: CrmAccess;
  /** Push even when the ledger says this exact customer was sent already. */
  force?: boolean;
  /** Extra ledger notes from reading the customer (e.g. "read from the order because …"). */
  notes?: string[];
}

export function customerLedgerKey(shop: string, shopifyCustomerId: string): LedgerKey {
  return { shop, entity: "customer", direction: "to_crm", sourceId: shopifyCustomerId };
}

/** A Shopify customer as this shop sends it to the CRM (externalId prefix, default country, CRM timezone). */
export function mapShopCustomer(customer: ShopifyCustomer, settings: CrmAccess["settings"]) {
  return mapCustomerToCrm(customer, {
    externalIdPrefix: settings.customerExternalIdPrefix,
    defaultCountry: settings.defaultCountry,
    crmTimeZone: settings.crmTimeZone,
  });
}

/**
 * Shopify customer → RetailCRM customer, idempotently.
 *
 * The CRM customer is looked up by our externalId, then by exact e-mail: a CRM customer with that e-mail and no
 * externalId is linked (it gets our externalId) instead of being duplicated. Only then is one created; a
 * concurrent creation ("already exists") becomes an edit. A customer whose mapped form has not changed since the
 * last successful push is not sent again (payload hash in the ledger), so replays cost no CRM requests.
 * Validation problems go to the ledger as "failed" and are returned; outages throw for the caller to retry.
 */
export async function syncCustomerToCrm(deps: SyncServiceDeps, input: CustomerSyncInput): Promise<CustomerSyncResult> {
  const { shop, customer, crm } = input;
  const shopifyId = readGidNumber(customer.id) ?? customer.id;
  const key = customerLedgerKey(shop, shopifyId);
  const subject = `Shopify customer ${shopifyId}`;
  const mapped = mapShopCustomer(customer, crm.settings);
  if (!mapped.ok) return recordCustomerFailure(deps, shop, shopifyId, formatMappingProblems(subject, mapped.problems));

  const payload = mapped.value;
  const payloadHash = hashPayload(payload);
  const ledger = await findLedgerRecord(deps.db, key);
  if (!input.force && ledger?.state === "synced" && ledger.payloadHash === payloadHash) {
    return { outcome: "unchanged", shopifyId, externalId: payload.externalId, crmId: ledger.crmId ?? undefined };
  }

  let written: CrmCustomerWrite;
  try {
    written = await writeCrmCustomer(crm.client, payload, await findCrmCustomer(crm.client, payload.externalId, payload.email));
  } catch (error) {
    if (!(error instanceof CrmHttpError) || error.kind !== "validation") throw error;
    return recordCustomerFailure(deps, shop, shopifyId, describeCustomerRejection(shopifyId, describeDetails(error.errorMsg, error.errors)));
  }
  return recordCustomerSynced(deps, { shop, customer, payloadHash, written, notes: [...(input.notes ?? []), ...mapped.notes.map((note) => note.message)] });
}

export type CrmCustomerWrite = { outcome: "created" | "updated" | "linked"; crmId: number; externalId: string };

/** "Shopify customer 7 was not sent to RetailCRM: RetailCRM refused it: … Correct the customer in Shopify, then retry." */
export function describeCustomerRejection(shopifyId: string, details: string): string {
  return `Shopify customer ${shopifyId} was not sent to RetailCRM: RetailCRM refused it: ${details.replace(/\.$/, "")}. Correct the customer in Shopify, then retry.`;
}

/** A customer Shopify no longer has by the time its delivery is handled: nothing to send. */
export async function recordCustomerGone(deps: SyncServiceDeps, shop: string, shopifyId: string): Promise<CustomerSyncResult> {
  await recordLedger(deps.db, customerLedgerKey(shop, shopifyId), {
    state: "skipped",
    shopifyId,
    lastError: "The customer was deleted in Shopify before it could be sent to RetailCRM.",
  });
  return { outcome: "skipped", shopifyId };
}

export async function recordCustomerFailure(deps: SyncServiceDeps, shop: string, shopifyId: string, problem: string): Promise<CustomerSyncResult> {
  await recordLedger(deps.db, customerLedgerKey(shop, shopifyId), { state: "failed", shopifyId, lastError: problem, attempt: true });
  return { outcome: "failed", shopifyId, problem };
}

/** The ledger row of a customer RetailCRM now holds: its CRM id, the hash of what was sent, and the notes. */
export async function recordCustomerSynced(
  deps: SyncServiceDeps,
  input: { shop: string; customer: ShopifyCustomer; payloadHash: string; written: CrmCustomerWrite; notes: string[] },
): Promise<CustomerSyncResult> {
  const { shop, customer, written } = input;
  const shopifyId = readGidNumber(customer.id) ?? customer.id;
  const notes = [...input.notes];
  if (written.outcome === "linked") {
    notes.push(`Linked to the RetailCRM customer ${written.crmId}, found by the same e-mail, instead of creating a second one.`);
  }
  await recordLedger(deps.db, customerLedgerKey(shop, shopifyId), {
    state: "synced",
    shopifyId,
    crmId: String(written.crmId),
    payloadHash: input.payloadHash,
    sourceUpdatedAt: customer.updatedAt ? new Date(customer.updatedAt) : undefined,
    lastPushedAt: new Date(),
    lastError: notes.length > 0 ? notes.join("\n") : null,
    attempt: true,
  });
  deps.logger.debug({ shop, shopifyId, crmId: written.crmId, outcome: written.outcome }, "customer sent to RetailCRM");
  return { outcome: written.outcome, shopifyId, externalId: written.externalId, crmId: String(written.crmId) };
}

/** Edits the customer found (linking it when found by e-mail), else creates it; "already exists" becomes an edit. */
export async function writeCrmCustomer(client: CrmClient, payload: CrmCustomerInput, found: CrmCustomerMatch | undefined): Promise<CrmCustomerWrite> {
  const externalId = payload.externalId;
  if (found?.by === "externalId") {
    const { id } = await client.customers.edit({ externalId }, { ...toCrmCustomerEdit(payload) });
    return { outcome: "updated", crmId: id, externalId };
  }
  if (found?.by === "email") {
    const { id } = await client.customers.edit({ id: found.crmId }, { ...toCrmCustomerEdit(payload) });
    return { outcome: "linked", crmId: id, externalId };
  }
  try {
    const { id } = await client.customers.create({ ...payload });
    return { outcome: "created", crmId: id, externalId };
  } catch (error) {
    // Another job created it between our lookup and our create.
    if (!(isSyncError(error) && error.kind === "conflict")) throw error;
    const { id } = await client.customers.edit({ externalId }, { ...toCrmCustomerEdit(payload) });
    return { outcome: "updated", crmId: id, externalId };
  }
}

/** How the CRM customer was found: it has our externalId, or it is a customer of its own with the same e-mail. */
export type CrmCustomerMatch = { by: "externalId" } | { by: "email"; crmId: number };

/**
 * By externalId, then by e-mail. RetailCRM's e-mail filter is not an exact match, so the results are checked
 * here: same address ignoring case, and no externalId of its own (that one belongs to another record).
 */
export async function findCrmCustomer(client: CrmClient, externalId: string, email: string | undefined): Promise<CrmCustomerMatch | undefined> {
  try {
    await client.customers.get({ externalId });
    return { by: "externalId" };
  } catch (error) {
    if (!(isSyncError(error) && error.kind === "not_found")) throw error;
  }
  return findCrmCustomerByEmail(client, email);
}

/** A CRM customer with exactly this e-mail (ignoring case) and no externalId of its own, the oldest first. */
export async function findCrmCustomerByEmail(client: CrmClient, email: string | undefined): Promise<CrmCustomerMatch | undefined> {
  const wanted = email?.trim().toLowerCase();
  if (!wanted) return undefined;
  const page = await client.customers.list({ email: wanted }, { limit: 100 });
  const match = page.items
    .filter((candidate) => candidate.email?.trim().toLowerCase() === wanted && !candidate.externalId)
    .sort((a, b) => a.id - b.id)[0];
  return match ? { by: "email", crmId: match.id } : undefined;
}

export interface EnsureCustomerInput {
  shop: string;
  crm: CrmAccess;
  /** The order's `customer`: its id, and what to map when Shopify can no longer give the customer. */
  orderCustomer: ShopifyRestCustomer;
  shopifyCustomerId: string;
  shopify: () => Promise<ShopifyGraphql>;
  /** Sync even when the ledger says the customer is in the CRM (it was deleted there since). */
  force?: boolean;
  /**
   * The processor's entity lock. When given, the customer is sent under its lock; when another job holds it (the
   * customers/create that came with the order), this job is put back for a moment instead of sending it twice.
   */
  lock?: EntityLock;
  signal?: AbortSignal;
}

/** How long an order waits when its customer is being sent by another job. */
export const CUSTOMER_BUSY_WAIT_MS = 300;

/**
 * Makes sure an order's customer is in the CRM before the order names it. A customer the ledger shows as synced
 * is trusted; otherwise the current customer is read from Shopify and synced. When Shopify has no such customer
 * any more (or the app cannot read it), the customer as the order carries it is sent instead.
 */
export async function ensureCustomerInCrm(deps: SyncServiceDeps, input: EnsureCustomerInput): Promise<CustomerSyncResult> {
  const { shop, crm, shopifyCustomerId } = input;
  const trusted = async () => {
    if (input.force) return undefined;
    const ledger = await findLedgerRecord(deps.db, customerLedgerKey(shop, shopifyCustomerId));
    if (!(ledger?.state === "synced" && ledger.crmId)) return undefined;
    return {
      outcome: "unchanged" as const,
      shopifyId: shopifyCustomerId,
      externalId: buildCustomerExternalId(shopifyCustomerId, crm.settings.customerExternalIdPrefix),
      crmId: ledger.crmId,
    };
  };
  const known = await trusted();
  if (known) return known;

  const held = input.lock ? await input.lock.tryLock(buildEntityLockKey(shop, "customer", shopifyCustomerId)) : undefined;
  if (input.lock && !held) {
    throw requeueLater(shop, CUSTOMER_BUSY_WAIT_MS, `Shopify customer ${shopifyCustomerId} is being sent to RetailCRM by another job; the order follows it.`);
  }
  try {
    // The job that held the lock may have just sent it.
    const sentMeanwhile = held ? await trusted() : undefined;
    if (sentMeanwhile) return sentMeanwhile;
    let current: ShopifyCustomer | null = null;
    let readProblem: string | undefined;
    try {
      current = await fetchCustomerForCrm(await input.shopify(), shopifyCustomerId, { signal: input.signal });
      if (!current) readProblem = "Shopify no longer has this customer";
    } catch (error) {
      if (!(isSyncError(error) && error.kind === "auth")) throw error;
      readProblem = `the app could not read the customer from Shopify (${error.message})`;
    }
    if (current) return await syncCustomerToCrm(deps, { shop, customer: current, crm, force: input.force });

    const converted = convertRestCustomer(input.orderCustomer);
    if (!converted.ok) return await recordCustomerFailure(deps, shop, shopifyCustomerId, formatMappingProblems(`Shopify customer ${shopifyCustomerId}`, converted.problems));
    return await syncCustomerToCrm(deps, { shop, customer: converted.value, crm, force: input.force, notes: [describeOrderCarriedCustomer(readProblem)] });
  } finally {
    await held?.release();
  }
}

/** The ledger note of a customer sent as an order carried it, because Shopify could not give it. */
export function describeOrderCarriedCustomer(reason: string | undefined): string {
  return `Sent as the order carries it, because ${reason ?? "Shopify no longer has this customer"}; its tags and marketing consent were left as they are in the CRM.`;
}

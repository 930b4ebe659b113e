import { CrmEntityRejection } from "../api-errors";
import { formatCrmDateTime } from "../dates";
import { allocateId, type CrmSimState, type CrmStoredCustomer, type CrmWriter } from "../state";
import { appendHistory, diffFieldMaps, flattenInto, toSnakeCase, type CrmHistoryChange } from "./history";
import type { CrmCustomerInput } from "./input-schemas";
import { computeOrderTotals } from "./order-totals";

const MERGED_OBJECT_FIELDS = new Set(["address", "customFields", "contragent", "source"]);
const TAG_COLOR = "#3e89b6";

export interface CrmCustomerLookup {
  id?: number;
  externalId?: string;
  site?: string;
}

export function findCustomer(state: CrmSimState, lookup: CrmCustomerLookup): CrmStoredCustomer | undefined {
  if (lookup.id !== undefined) {
    const customer = state.customers.get(lookup.id);
    return customer && (lookup.site === undefined || customer.site === lookup.site) ? customer : undefined;
  }
  if (lookup.externalId === undefined) return undefined;
  for (const customer of state.customers.values()) {
    if (customer.externalId === lookup.externalId && (lookup.site === undefined || customer.site === lookup.site)) {
      return customer;
    }
  }
  return undefined;
}

export function createCustomer(
  state: CrmSimState,
  site: string,
  input: CrmCustomerInput,
  writer: CrmWriter,
  now: Date,
): CrmStoredCustomer {
  if (input.externalId !== undefined) assertCustomerExternalIdFree(state, site, input.externalId, undefined);
  const customer: CrmStoredCustomer = {
    id: allocateId(state, "customer"),
    site,
    createdAt: input.createdAt ?? formatCrmDateTime(now),
    fields: {},
  };
  if (input.externalId !== undefined) customer.externalId = input.externalId;
  applyCustomerFields(customer, input, now);
  state.customers.set(customer.id, customer);
  appendHistory(state, "customer", {
    entityId: customer.id,
    entity: renderCustomer(state, customer),
    writer,
    now,
    created: true,
    changes: [{ field: "id", oldValue: null, newValue: customer.id }],
  });
  return customer;
}

export function editCustomer(
  state: CrmSimState,
  customer: CrmStoredCustomer,
  input: CrmCustomerInput,
  writer: CrmWriter,
  now: Date,
): void {
  if (input.externalId !== undefined && input.externalId !== customer.externalId) {
    assertCustomerExternalIdFree(state, customer.site, input.externalId, customer.id);
  }
  const before = structuredClone(customer);
  if (input.externalId !== undefined) customer.externalId = input.externalId;
  if (input.createdAt !== undefined) customer.createdAt = input.createdAt;
  applyCustomerFields(customer, input, now);
  recordCustomerChanges(state, before, customer, writer, now);
}

export function setCustomerExternalId(
  state: CrmSimState,
  customer: CrmStoredCustomer,
  externalId: string,
  writer: CrmWriter,
  now: Date,
): void {
  editCustomer(state, customer, { externalId }, writer, now);
}

export function assertCustomerExternalIdFree(state: CrmSimState, site: string, externalId: string, selfId: number | undefined): void {
  const holder = findCustomer(state, { externalId, site });
  if (holder && holder.id !== selfId) {
    throw new CrmEntityRejection("duplicate", { externalId: `Customer with externalId=${externalId} already exists.` });
  }
}

function applyCustomerFields(customer: CrmStoredCustomer, input: CrmCustomerInput, now: Date): void {
  const { externalId: _externalId, createdAt: _createdAt, addTags, removeTags, subscribed, tags, ...rest } = input;
  for (const [key, value] of Object.entries(rest)) {
    if (value === null) {
      delete customer.fields[key];
    } else if (MERGED_OBJECT_FIELDS.has(key)) {
      customer.fields[key] = mergeObjects(customer.fields[key], value as Record<string, unknown>);
    } else {
      customer.fields[key] = structuredClone(value);
    }
  }
  if (subscribed !== undefined && input.emailMarketingUnsubscribedAt === undefined) {
    if (subscribed) delete customer.fields.emailMarketingUnsubscribedAt;
    else customer.fields.emailMarketingUnsubscribedAt ??= formatCrmDateTime(now);
  }
  let tagNames = Array.isArray(customer.fields.tags) ? (customer.fields.tags as string[]) : [];
  if (tags !== undefined) tagNames = [...tags];
  if (addTags) tagNames = [...tagNames, ...addTags.filter((tag) => !tagNames.includes(tag))];
  if (removeTags) tagNames = tagNames.filter((tag) => !removeTags.includes(tag));
  if (tagNames.length > 0) customer.fields.tags = tagNames;
  else delete customer.fields.tags;
}

function mergeObjects(current: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = current && typeof current === "object" ? { ...(current as object) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = structuredClone(value);
  }
  return merged;
}

function recordCustomerChanges(
  state: CrmSimState,
  before: CrmStoredCustomer,
  after: CrmStoredCustomer,
  writer: CrmWriter,
  now: Date,
): void {
  const changes: CrmHistoryChange[] = [
    ...diffFieldMaps(flattenCustomerFields(before), flattenCustomerFields(after)),
    ...diffPhones(before.fields.phones, after.fields.phones),
  ];
  if (changes.length === 0) return;
  appendHistory(state, "customer", { entityId: after.id, entity: renderCustomerStub(after), writer, now, changes });
}

/** Snake_case history field names, as in the account history (reference §2.5). */
function flattenCustomerFields(customer: CrmStoredCustomer): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  fields.set("external_id", customer.externalId);
  fields.set("created_at", customer.createdAt);
  for (const [key, value] of Object.entries(customer.fields)) {
    if (key === "phones" || MERGED_OBJECT_FIELDS.has(key)) continue;
    if (key === "managerId") fields.set("manager", { id: value });
    else if (key === "tags") fields.set("tags", (value as string[]).map((name) => ({ name })));
    else fields.set(toSnakeCase(key), value);
  }
  flattenInto(fields, "address.", customer.fields.address, { countryIso: "country" });
  flattenInto(fields, "contragent.", customer.fields.contragent);
  flattenInto(fields, "source.", customer.fields.source);
  const customFields = customer.fields.customFields;
  if (customFields && typeof customFields === "object") {
    for (const [code, value] of Object.entries(customFields)) fields.set(`custom_${code}`, value);
  }
  return fields;
}

function diffPhones(before: unknown, after: unknown): CrmHistoryChange[] {
  const numbers = (value: unknown) => (Array.isArray(value) ? value.map((phone) => String((phone as { number: string }).number)) : []);
  const oldNumbers = numbers(before);
  const newNumbers = numbers(after);
  return [
    ...oldNumbers.filter((number) => !newNumbers.includes(number)).map((number) => ({ field: "phones", oldValue: number, newValue: null })),
    ...newNumbers.filter((number) => !oldNumbers.includes(number)).map((number) => ({ field: "phones", oldValue: null, newValue: number })),
  ];
}

export function renderCustomerStub(customer: CrmStoredCustomer): Record<string, unknown> {
  const stub: Record<string, unknown> = { id: customer.id };
  if (customer.externalId !== undefined) stub.externalId = customer.externalId;
  stub.site = customer.site;
  return stub;
}

/** The customer as `GET /customers/{id}` returns it: tags as objects, empty maps as `[]`, order totals computed. */
export function renderCustomer(state: CrmSimState, customer: CrmStoredCustomer): Record<string, unknown> {
  const { tags, customFields, phones, address, emailMarketingUnsubscribedAt, ...rest } = customer.fields;
  const orders = [...state.orders.values()].filter((order) => order.customerId === customer.id);
  const totalSumm = round2(orders.reduce((sum, order) => sum + computeOrderTotals(state, order).totalSumm, 0));
  const rendered: Record<string, unknown> = {
    type: "customer",
    id: customer.id,
    ...(customer.externalId !== undefined ? { externalId: customer.externalId } : {}),
    site: customer.site,
    createdAt: customer.createdAt,
    isContact: false,
    vip: false,
    bad: false,
    personalDiscount: 0,
    cumulativeDiscount: 0,
    contragent: { contragentType: "individual" },
    ...structuredClone(rest),
    phones: Array.isArray(phones) ? structuredClone(phones) : [],
    tags: Array.isArray(tags) ? (tags as string[]).map((name) => ({ name, color: TAG_COLOR, attached: false })) : [],
    customFields: isNonEmptyObject(customFields) ? structuredClone(customFields) : [],
    subscribed: emailMarketingUnsubscribedAt === undefined,
    emailMarketingUnsubscribedAt: emailMarketingUnsubscribedAt ?? null,
    segments: [],
    ordersCount: orders.length,
    totalSumm,
    averageSumm: orders.length > 0 ? round2(totalSumm / orders.length) : 0,
    marginSumm: totalSumm,
    costSumm: 0,
  };
  if (isNonEmptyObject(address)) rendered.address = { isMain: true, ...structuredClone(address) };
  return rendered;
}

export function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

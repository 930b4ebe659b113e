import { CrmApiError, CrmEntityRejection, CRM_MESSAGES, createInputError } from "../api-errors";
import {
  assertVisible,
  describeApiWriter,
  readEntityLookup,
  respondOk,
  runEntityWrite,
  type CrmApiContext,
  type CrmApiRoute,
} from "../api-context";
import { listReachableSites, resolveSite } from "../auth";
import { createCustomer, editCustomer, findCustomer, renderCustomer } from "../entities/customers";
import { customerInputSchema, parseEntityInput } from "../entities/input-schemas";
import { paginate, readPageRequest } from "../pagination";
import { readJsonParam, readParamList, readParamObject, readParamString } from "../request-params";
import type { CrmStoredCustomer } from "../state";
import { queryHistory } from "./history-query";
import { readFixExternalIds, readUploadList } from "./batch-input";

const CUSTOMER_MESSAGES = { invalid: CRM_MESSAGES.entityFormat, duplicate: CRM_MESSAGES.customerExists };

function listCustomers(ctx: CrmApiContext) {
  const filter = readParamObject(ctx.params, "filter");
  const page = readPageRequest(ctx.params);
  const ids = readParamList(filter.ids).map(Number);
  const externalIds = readParamList(filter.externalIds);
  const requestedSites = readParamList(filter.sites);
  const reachable = listReachableSites(ctx.state, ctx.key);
  const sites = requestedSites.length > 0 ? reachable.filter((site) => requestedSites.includes(site)) : reachable;
  const email = readParamString(filter, "email")?.toLowerCase();
  const name = readParamString(filter, "name")?.toLowerCase();
  const matches = [...ctx.state.customers.values()].filter((customer) => {
    if (!sites.includes(customer.site)) return false;
    if (ids.length > 0 && !ids.includes(customer.id)) return false;
    if (externalIds.length > 0 && !externalIds.includes(customer.externalId ?? "")) return false;
    if (email && !String(customer.fields.email ?? "").toLowerCase().includes(email)) return false;
    if (name && !matchesNameFilter(customer, name)) return false;
    return true;
  });
  const { slice, pagination } = paginate(matches, page);
  return respondOk({ pagination, customers: slice.map((customer) => renderCustomer(ctx.state, customer)) });
}

/** `filter[name]` looks in the name, the phones (digits only) and the e-mail. */
function matchesNameFilter(customer: CrmStoredCustomer, needle: string): boolean {
  const { firstName, lastName, patronymic, email, phones } = customer.fields;
  const fullName = [firstName, lastName, patronymic].filter(Boolean).join(" ").toLowerCase();
  if (fullName.includes(needle) || String(email ?? "").toLowerCase().includes(needle)) return true;
  const digits = needle.replace(/\D/g, "");
  if (!digits || !Array.isArray(phones)) return false;
  return phones.some((phone) => String((phone as { number: string }).number).replace(/\D/g, "").includes(digits));
}

function findVisibleCustomer(ctx: CrmApiContext): CrmStoredCustomer {
  const lookup = readEntityLookup(ctx, ctx.pathParams.externalId ?? "");
  return assertVisible(ctx, findCustomer(ctx.state, lookup));
}

function getCustomer(ctx: CrmApiContext) {
  return respondOk({ customer: renderCustomer(ctx.state, findVisibleCustomer(ctx)) });
}

function createCustomerHandler(ctx: CrmApiContext) {
  const raw = readJsonParam(ctx.params, "customer");
  const site = resolveSite(ctx.state, ctx.key, ctx.params);
  const customer = runEntityWrite(() => {
    const input = parseEntityInput(customerInputSchema, raw, "customer");
    return createCustomer(ctx.state, site, input, describeApiWriter(ctx), ctx.now);
  }, CUSTOMER_MESSAGES);
  return respondOk({ id: customer.id }, 201);
}

function editCustomerHandler(ctx: CrmApiContext) {
  const raw = readJsonParam(ctx.params, "customer");
  const customer = findVisibleCustomer(ctx);
  runEntityWrite(() => {
    const input = parseEntityInput(customerInputSchema, raw, "customer");
    editCustomer(ctx.state, customer, input, describeApiWriter(ctx), ctx.now);
  }, CUSTOMER_MESSAGES);
  return respondOk({ id: customer.id });
}

function uploadCustomers(ctx: CrmApiContext) {
  const list = readUploadList(ctx.params, "customers");
  const site = resolveSite(ctx.state, ctx.key, ctx.params);
  const uploadedCustomers: Array<Record<string, unknown>> = [];
  const failedCustomers: Array<Record<string, unknown>> = [];
  const errors: string[] = [];
  list.forEach((raw, index) => {
    const externalId = readExternalId(raw);
    try {
      const input = parseEntityInput(customerInputSchema, raw, `customers[${index}]`);
      const customer = createCustomer(ctx.state, site, input, describeApiWriter(ctx), ctx.now);
      uploadedCustomers.push({ id: customer.id, ...(customer.externalId !== undefined ? { externalId: customer.externalId } : {}) });
    } catch (error) {
      if (!(error instanceof CrmEntityRejection)) throw error;
      failedCustomers.push(externalId !== undefined ? { externalId } : {});
      errors.push(...describeBatchRejection(error, "Customer", `customers[${index}]`, externalId));
    }
  });
  if (failedCustomers.length > 0) {
    throw new CrmApiError(460, CRM_MESSAGES.customersUploadedWithErrors, errors, { uploadedCustomers, failedCustomers });
  }
  return respondOk({ uploadedCustomers });
}

export function readExternalId(raw: unknown): string | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const value = (raw as { externalId?: unknown }).externalId;
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** Upload error lines: `<Entity> with externalId=N already exists.` or `<path>.<field>: <message>`. */
export function describeBatchRejection(
  rejection: CrmEntityRejection,
  entity: string,
  path: string,
  externalId: string | undefined,
): string[] {
  if (rejection.kind === "duplicate") return [`${entity} with externalId=${externalId} already exists.`];
  return Object.entries(rejection.errors).map(([field, message]) => `${path}.${field}: ${message}`);
}

function fixCustomerExternalIds(ctx: CrmApiContext) {
  const pairs = readFixExternalIds(ctx.params, "customers");
  const errors: Record<string, string> = {};
  const targets = pairs.map(({ id, externalId }, index) => {
    const customer = ctx.state.customers.get(id);
    if (!customer || !listReachableSites(ctx.state, ctx.key).includes(customer.site)) {
      errors[`customers[${index}].id`] = `Customer with id=${id} not found.`;
      return undefined;
    }
    const holder = findCustomer(ctx.state, { externalId, site: customer.site });
    const claimedTwice = pairs.some((other, otherIndex) => otherIndex !== index && other.externalId === externalId);
    if ((holder && holder.id !== id) || claimedTwice) {
      errors[`customers[${index}].externalId`] = `Customer with externalId=${externalId} already exists.`;
    }
    return customer;
  });
  if (Object.keys(errors).length > 0) throw createInputError(errors);
  targets.forEach((customer, index) => {
    const pair = pairs[index];
    if (customer && pair) editCustomer(ctx.state, customer, { externalId: pair.externalId }, describeApiWriter(ctx), ctx.now);
  });
  return respondOk();
}

export const customerRoutes: CrmApiRoute[] = [
  { method: "GET", path: "/api/v5/customers", scope: "customer_read", handle: listCustomers },
  { method: "POST", path: "/api/v5/customers/create", scope: "customer_write", handle: createCustomerHandler },
  { method: "POST", path: "/api/v5/customers/upload", scope: "customer_write", handle: uploadCustomers },
  { method: "POST", path: "/api/v5/customers/fix-external-ids", scope: "customer_write", handle: fixCustomerExternalIds },
  { method: "GET", path: "/api/v5/customers/history", scope: "customer_read", handle: (ctx) => queryHistory(ctx, "customer") },
  { method: "GET", path: "/api/v5/customers/:externalId", scope: "customer_read", handle: getCustomer },
  { method: "POST", path: "/api/v5/customers/:externalId/edit", scope: "customer_write", handle: editCustomerHandler },
];

import { createInputError } from "../api-errors";
import { canReachSite } from "../auth";
import { formatCrmDateTime, isCrmDateTime } from "../dates";
import { renderHistoryEntry, type CrmHistoryKind } from "../entities/history";
import { paginate, readPageRequest } from "../pagination";
import { readParamObject, readParamString } from "../request-params";
import type { CrmApiContext, CrmApiResult } from "../api-context";
import { respondOk } from "../api-context";

/**
 * `/orders/history` and `/customers/history`: entries in id order, filtered by
 * `filter[sinceId]` (exclusive), dates and entity; paged with limit/page.
 */
export function queryHistory(ctx: CrmApiContext, kind: CrmHistoryKind): CrmApiResult {
  const filter = readParamObject(ctx.params, "filter");
  const page = readPageRequest(ctx.params);
  const errors: Record<string, string> = {};
  const sinceIdText = readParamString(filter, "sinceId");
  const sinceId = sinceIdText === undefined || sinceIdText === "" ? 0 : Number(sinceIdText);
  if (!Number.isInteger(sinceId) || sinceId < 0) errors["children[sinceId]"] = "This value is not valid.";
  const startDate = readParamString(filter, "startDate");
  const endDate = readParamString(filter, "endDate");
  if (startDate !== undefined && !isCrmDateTime(startDate)) errors["children[startDate]"] = "This value is not valid.";
  if (endDate !== undefined && !isCrmDateTime(endDate)) errors["children[endDate]"] = "This value is not valid.";
  const entityIdText = readParamString(filter, kind === "order" ? "orderId" : "customerId");
  const entityExternalId = readParamString(filter, kind === "order" ? "orderExternalId" : "customerExternalId");
  if (Object.keys(errors).length > 0) throw createInputError(errors);

  const log = kind === "order" ? ctx.state.orderHistory : ctx.state.customerHistory;
  const entityIds = entityExternalId === undefined ? undefined : findEntityIdsByExternalId(ctx, kind, entityExternalId);
  const entries = log.filter((entry) => {
    if (entry.id <= sinceId) return false;
    if (startDate !== undefined && entry.createdAt < startDate) return false;
    if (endDate !== undefined && entry.createdAt > endDate) return false;
    if (entityIdText !== undefined && entry.entityId !== Number(entityIdText)) return false;
    if (entityIds !== undefined && !entityIds.has(entry.entityId)) return false;
    return canReachSite(ctx.state, ctx.key, String(entry.entity.site));
  });
  const { slice, pagination } = paginate(entries, page);
  return respondOk({
    generatedAt: formatCrmDateTime(ctx.now),
    history: slice.map((entry) => renderHistoryEntry(entry, kind, ctx.key.key)),
    pagination,
  });
}

function findEntityIdsByExternalId(ctx: CrmApiContext, kind: CrmHistoryKind, externalId: string): Set<number> {
  const entities = kind === "order" ? ctx.state.orders.values() : ctx.state.customers.values();
  const ids = new Set<number>();
  for (const entity of entities) if (entity.externalId === externalId) ids.add(entity.id);
  return ids;
}

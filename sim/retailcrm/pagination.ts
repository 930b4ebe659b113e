import { createInputError } from "./api-errors";
import { readParamString, type CrmParams } from "./request-params";

export const CRM_PAGE_LIMITS = [20, 50, 100] as const;
export const CRM_STORE_PAGE_LIMITS = [20, 50, 100, 250] as const;

export interface CrmPageRequest {
  limit: number;
  page: number;
}

export interface CrmPagination {
  limit: number;
  totalCount: number;
  currentPage: number;
  totalPageCount: number;
}

/** Reads `limit` (default 20) and `page` (default 1); other limits than the allowed ones get 400. */
export function readPageRequest(params: CrmParams, allowedLimits: readonly number[] = CRM_PAGE_LIMITS): CrmPageRequest {
  const limitText = readParamString(params, "limit");
  const pageText = readParamString(params, "page");
  const limit = limitText === undefined || limitText === "" ? 20 : Number(limitText);
  const page = pageText === undefined || pageText === "" ? 1 : Number(pageText);
  const errors: Record<string, string> = {};
  if (!allowedLimits.includes(limit)) {
    errors.limit = `The value you selected is not a valid choice. Allowed: ${allowedLimits.join(", ")}.`;
  }
  if (!Number.isInteger(page) || page < 1) errors.page = "This value should be 1 or more.";
  if (Object.keys(errors).length > 0) throw createInputError(errors);
  return { limit, page };
}

export function paginate<T>(items: readonly T[], request: CrmPageRequest): { slice: T[]; pagination: CrmPagination } {
  const start = (request.page - 1) * request.limit;
  return {
    slice: items.slice(start, start + request.limit),
    pagination: {
      limit: request.limit,
      totalCount: items.length,
      currentPage: request.page,
      totalPageCount: Math.ceil(items.length / request.limit),
    },
  };
}

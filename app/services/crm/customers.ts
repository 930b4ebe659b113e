import { z } from "zod";
import { fetchHistoryPage, type CrmHistoryRequest } from "./history";
import { iterateHistory, type CrmHistoryIterationOptions } from "./pagination";
import { describeRef, lookupParams, refValue, scopeFilterToSite } from "./refs";
import type { CrmRequester } from "./request";
import { crmCustomerHistoryEntrySchema, crmCustomerSchema, crmPaginationSchema } from "./schemas";
import { uploadBatch } from "./upload";
import type {
  CrmCustomer,
  CrmCustomerFilter,
  CrmCustomerHistoryEntry,
  CrmCustomerHistoryFilter,
  CrmCustomerInput,
  CrmEntityRef,
  CrmExternalIdFix,
  CrmHistoryPage,
  CrmPage,
  CrmPageOptions,
  CrmUploadResult,
} from "./types";

export function createCrmCustomersApi(request: CrmRequester, site: string | undefined) {
  function history(options: CrmHistoryRequest<CrmCustomerHistoryFilter> = {}): Promise<CrmHistoryPage<CrmCustomerHistoryEntry>> {
    return fetchHistoryPage(request, "/api/v5/customers/history", crmCustomerHistoryEntrySchema, options, "the customer history");
  }

  return {
    /** One page of customers; with a configured site and no `sites` filter, only that site's customers. */
    async list(filter: CrmCustomerFilter = {}, options: CrmPageOptions = {}): Promise<CrmPage<CrmCustomer>> {
      const body = await request.sendParsed(
        {
          method: "GET",
          path: "/api/v5/customers",
          query: { filter: scopeFilterToSite(filter, site), limit: options.limit ?? 20, page: options.page ?? 1 },
          subject: "the customer list",
        },
        z.object({ customers: z.array(crmCustomerSchema), pagination: crmPaginationSchema }),
      );
      return { items: body.customers, pagination: body.pagination };
    },

    async get(ref: CrmEntityRef): Promise<CrmCustomer> {
      const body = await request.sendParsed(
        {
          method: "GET",
          path: `/api/v5/customers/${encodeURIComponent(refValue(ref))}`,
          query: lookupParams(ref, site),
          subject: `the customer ${describeRef(ref)}`,
        },
        z.object({ customer: crmCustomerSchema }),
      );
      return body.customer;
    },

    async create(customer: CrmCustomerInput): Promise<{ id: number }> {
      const body = await request.sendParsed(
        { method: "POST", path: "/api/v5/customers/create", form: { site, customer }, subject: "the customer" },
        z.object({ id: z.number() }),
      );
      return { id: body.id };
    },

    async edit(ref: CrmEntityRef, customer: CrmCustomerInput): Promise<{ id: number; state?: string }> {
      const body = await request.sendParsed(
        {
          method: "POST",
          path: `/api/v5/customers/${encodeURIComponent(refValue(ref))}/edit`,
          form: { ...lookupParams(ref, site), customer },
          subject: `the customer ${describeRef(ref)}`,
        },
        z.looseObject({ id: z.number(), state: z.string().optional() }),
      );
      return { id: body.id, state: body.state };
    },

    /** Up to 50 customers in one call; customers that fail come back in `failed` with their reason. */
    upload(customers: readonly CrmCustomerInput[]): Promise<CrmUploadResult> {
      return uploadBatch(request, { path: "/api/v5/customers/upload", entity: "customers", site }, customers);
    },

    async fixExternalIds(fixes: readonly CrmExternalIdFix[]): Promise<void> {
      await request.send({
        method: "POST",
        path: "/api/v5/customers/fix-external-ids",
        form: { customers: fixes },
        subject: "the customer external ids",
      });
    },

    history,

    /** Customer history page by page from `sinceId` (or from `filter.startDate` on a first run). */
    iterateHistory(
      options: CrmHistoryRequest<CrmCustomerHistoryFilter> & CrmHistoryIterationOptions = {},
    ): AsyncGenerator<CrmHistoryPage<CrmCustomerHistoryEntry>, void, undefined> {
      const { sinceId, maxPages, filter, limit } = options;
      return iterateHistory((cursor) => history({ limit, filter: { ...filter, sinceId: cursor } }), {
        sinceId: sinceId ?? filter?.sinceId,
        maxPages,
      });
    },
  };
}

export type CrmCustomersApi = ReturnType<typeof createCrmCustomersApi>;

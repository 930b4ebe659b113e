import { z } from "zod";
import { fetchHistoryPage, type CrmHistoryRequest } from "./history";
import { iterateHistory, type CrmHistoryIterationOptions } from "./pagination";
import { describeRef, lookupParams, refValue, scopeFilterToSite } from "./refs";
import type { CrmRequester } from "./request";
import { crmOrderHistoryEntrySchema, crmOrderSchema, crmPaginationSchema } from "./schemas";
import { uploadBatch } from "./upload";
import type {
  CrmEntityRef,
  CrmExternalIdFix,
  CrmHistoryPage,
  CrmOrder,
  CrmOrderFilter,
  CrmOrderHistoryEntry,
  CrmOrderHistoryFilter,
  CrmOrderInput,
  CrmPage,
  CrmPageOptions,
  CrmPaymentCreateInput,
  CrmPaymentInput,
  CrmUploadResult,
} from "./types";

const orderWriteResultSchema = z.looseObject({ id: z.number(), order: crmOrderSchema.optional() });

export function createCrmOrdersApi(request: CrmRequester, site: string | undefined) {
  function history(options: CrmHistoryRequest<CrmOrderHistoryFilter> = {}): Promise<CrmHistoryPage<CrmOrderHistoryEntry>> {
    return fetchHistoryPage(request, "/api/v5/orders/history", crmOrderHistoryEntrySchema, options, "the order history");
  }

  return {
    /** One page of orders; with a configured site and no `sites` filter, only that site's orders. */
    async list(filter: CrmOrderFilter = {}, options: CrmPageOptions = {}): Promise<CrmPage<CrmOrder>> {
      const body = await request.sendParsed(
        {
          method: "GET",
          path: "/api/v5/orders",
          query: { filter: scopeFilterToSite(filter, site), limit: options.limit ?? 20, page: options.page ?? 1 },
          subject: "the order list",
        },
        z.object({ orders: z.array(crmOrderSchema), pagination: crmPaginationSchema }),
      );
      return { items: body.orders, pagination: body.pagination };
    },

    async get(ref: CrmEntityRef): Promise<CrmOrder> {
      const body = await request.sendParsed(
        {
          method: "GET",
          path: `/api/v5/orders/${encodeURIComponent(refValue(ref))}`,
          query: lookupParams(ref, site),
          subject: `the order ${describeRef(ref)}`,
        },
        z.object({ order: crmOrderSchema }),
      );
      return body.order;
    },

    /** Creates an order; RetailCRM answers with its id and, usually, the order as stored. */
    async create(order: CrmOrderInput): Promise<{ id: number; order?: CrmOrder }> {
      const body = await request.sendParsed(
        { method: "POST", path: "/api/v5/orders/create", form: { site, order }, subject: "the order" },
        orderWriteResultSchema,
      );
      return { id: body.id, order: body.order };
    },

    async edit(ref: CrmEntityRef, order: CrmOrderInput): Promise<{ id: number; order?: CrmOrder }> {
      const body = await request.sendParsed(
        {
          method: "POST",
          path: `/api/v5/orders/${encodeURIComponent(refValue(ref))}/edit`,
          form: { ...lookupParams(ref, site), order },
          subject: `the order ${describeRef(ref)}`,
        },
        orderWriteResultSchema,
      );
      return { id: body.id, order: body.order };
    },

    /** Up to 50 orders in one call; orders that fail come back in `failed` with their reason. */
    upload(orders: readonly CrmOrderInput[]): Promise<CrmUploadResult> {
      return uploadBatch(request, { path: "/api/v5/orders/upload", entity: "orders", site }, orders);
    },

    async fixExternalIds(fixes: readonly CrmExternalIdFix[]): Promise<void> {
      await request.send({
        method: "POST",
        path: "/api/v5/orders/fix-external-ids",
        form: { orders: fixes },
        subject: "the order external ids",
      });
    },

    history,

    /** Order history page by page from `sinceId` (or from `filter.startDate` on a first run). */
    iterateHistory(
      options: CrmHistoryRequest<CrmOrderHistoryFilter> & CrmHistoryIterationOptions = {},
    ): AsyncGenerator<CrmHistoryPage<CrmOrderHistoryEntry>, void, undefined> {
      const { sinceId, maxPages, filter, limit } = options;
      return iterateHistory((cursor) => history({ limit, filter: { ...filter, sinceId: cursor } }), {
        sinceId: sinceId ?? filter?.sinceId,
        maxPages,
      });
    },

    /** Adds a payment to an existing order. Payment externalIds must be unique across the whole account. */
    async createPayment(payment: CrmPaymentCreateInput): Promise<{ id: number }> {
      const body = await request.sendParsed(
        { method: "POST", path: "/api/v5/orders/payments/create", form: { site, payment }, subject: "the payment" },
        z.looseObject({ id: z.number() }),
      );
      return { id: body.id };
    },

    async editPayment(ref: CrmEntityRef, payment: Partial<CrmPaymentInput>): Promise<{ id?: number }> {
      const body = await request.sendParsed(
        {
          method: "POST",
          path: `/api/v5/orders/payments/${encodeURIComponent(refValue(ref))}/edit`,
          form: { ...lookupParams(ref, site), payment },
          subject: `the payment ${describeRef(ref)}`,
        },
        z.looseObject({ id: z.number().optional() }),
      );
      return { id: body.id };
    },
  };
}

export type CrmOrdersApi = ReturnType<typeof createCrmOrdersApi>;

import { z } from "zod";
import type { CrmRequester } from "./request";
import { crmPaginationSchema } from "./schemas";
import type { CrmHistoryFilter, CrmHistoryPage, CrmPageLimit } from "./types";

export type CrmHistoryRequest<F extends CrmHistoryFilter> = { filter?: F; limit?: CrmPageLimit };

/** One page of `/orders/history` or `/customers/history`, always page 1: the cursor is `filter[sinceId]`. */
export async function fetchHistoryPage<F extends CrmHistoryFilter, T extends z.ZodType<{ id: number }>>(
  request: CrmRequester,
  path: string,
  entrySchema: T,
  options: CrmHistoryRequest<F>,
  subject: string,
): Promise<CrmHistoryPage<z.output<T>>> {
  const body = await request.sendParsed(
    { method: "GET", path, query: { filter: options.filter ?? {}, limit: options.limit ?? 100, page: 1 }, subject },
    z.object({
      history: z.array(entrySchema),
      pagination: crmPaginationSchema,
      generatedAt: z.string().optional(),
    }),
  );
  const entries = body.history as z.output<T>[];
  return {
    entries,
    lastId: entries.length > 0 ? Math.max(...entries.map((entry) => entry.id)) : undefined,
    generatedAt: body.generatedAt,
    pagination: body.pagination,
  };
}

import type { CrmHistoryPage, CrmPage } from "./types";

/**
 * Every item of a paged list, fetching page after page until the last one:
 * `for await (const order of paginate((page) => crm.orders.list(filter, { page, limit: 100 })))`.
 */
export async function* paginate<T>(fetchPage: (page: number) => Promise<CrmPage<T>>): AsyncGenerator<T, void, undefined> {
  for (let page = 1; ; page++) {
    const { items, pagination } = await fetchPage(page);
    yield* items;
    if (items.length === 0 || pagination.currentPage >= pagination.totalPageCount) return;
  }
}

export type CrmHistoryIterationOptions = {
  /** The stored cursor: the id of the last entry already handled. Left out on the very first run. */
  sinceId?: number;
  /** Stop after this many pages (a run that should not take forever on a large backlog). */
  maxPages?: number;
};

/**
 * History pages in order, moving `filter[sinceId]` to the last entry of each page and always asking
 * for page 1, as RetailCRM expects. Store `page.lastId` before applying `page.entries`.
 */
export async function* iterateHistory<T extends { id: number }>(
  fetchPage: (sinceId: number | undefined) => Promise<CrmHistoryPage<T>>,
  options: CrmHistoryIterationOptions = {},
): AsyncGenerator<CrmHistoryPage<T>, void, undefined> {
  let sinceId = options.sinceId;
  for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
    const page = await fetchPage(sinceId);
    if (page.entries.length === 0 || page.lastId === undefined) return;
    yield page;
    if (page.lastId <= (sinceId ?? -Infinity)) return;
    sinceId = page.lastId;
    if (page.pagination.currentPage >= page.pagination.totalPageCount) return;
  }
}

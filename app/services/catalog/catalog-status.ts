import type { Db } from "../../db.server";
import { SyncError } from "../errors";
import { buildIcmlUrl } from "./catalog-token";

export interface CatalogBuildSummary {
  id: string;
  trigger: string;
  status: string;
  products: number;
  offers: number;
  categories: number;
  bytes: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface CatalogStatus {
  shop: string;
  /** The URL the CRM loads; null before the shop is connected. */
  url: string | null;
  /** The last product change not yet in the file. */
  dirtySince: Date | null;
  file: { generatedAt: Date; offers: number; bytes: number; etag: string; buildId: string } | null;
  builds: CatalogBuildSummary[];
  /** The last download of the file, normally by the CRM. */
  lastFetch: { fetchedAt: Date; userAgent: string | null; status: number } | null;
  /** Downloads in the last 7 days. */
  fetchesLastWeek: number;
}

/** What the admin and `catalog status` show about a shop's catalog. */
export async function getCatalogStatus(db: Db, shop: string, options: { appUrl: string; builds?: number; now?: Date }): Promise<CatalogStatus> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { icmlToken: true, catalogDirtyAt: true } });
  if (!row) throw new SyncError("not_found", `No shop ${shop} is known to this app.`, { shop });
  const weekAgo = new Date((options.now ?? new Date()).getTime() - 7 * 24 * 3_600_000);
  const [file, builds, lastFetch, fetchesLastWeek] = await Promise.all([
    db.catalogFile.findUnique({ where: { shop }, select: { generatedAt: true, offers: true, bytes: true, etag: true, buildId: true } }),
    db.catalogBuild.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: options.builds ?? 5 }),
    db.catalogFetch.findFirst({ where: { shop }, orderBy: { fetchedAt: "desc" }, select: { fetchedAt: true, userAgent: true, status: true } }),
    db.catalogFetch.count({ where: { shop, fetchedAt: { gte: weekAgo } } }),
  ]);
  return {
    shop,
    url: row.icmlToken ? buildIcmlUrl(options.appUrl, row.icmlToken) : null,
    dirtySince: row.catalogDirtyAt,
    file,
    builds: builds.map(({ id, trigger, status, products, offers, categories, bytes, error, createdAt, startedAt, finishedAt }) => ({
      id,
      trigger,
      status,
      products,
      offers,
      categories,
      bytes,
      error,
      createdAt,
      startedAt,
      finishedAt,
    })),
    lastFetch,
    fetchesLastWeek,
  };
}

import { Session } from "@shopify/shopify-api";
import type { Db } from "../db.server";
import { SyncError } from "./errors";
import { recordShopInstalled } from "./shops.server";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** `My-Store.myshopify.com/` → `my-store.myshopify.com`; anything that is not a *.myshopify.com domain is refused. */
export function normalizeShopDomain(input: string): string {
  const domain = input.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (!SHOP_DOMAIN.test(domain)) {
    throw new SyncError("validation", `"${input}" is not a Shopify shop domain; use the form your-store.myshopify.com.`, { shop: input });
  }
  return domain;
}

/**
 * Records a shop installed outside the OAuth flow (a custom app's Admin API access token, or a test shop):
 * stores its offline session where the app looks for it, and the Shop row.
 */
export async function addShopWithToken(
  deps: { db: Db; sessionStorage: { storeSession(session: Session): Promise<boolean> } },
  input: { shop: string; accessToken: string; scopes: readonly string[] },
): Promise<{ shop: string; status: string }> {
  const shop = normalizeShopDomain(input.shop);
  if (!input.accessToken.trim()) throw new SyncError("validation", "The Admin API access token is empty.", { shop });
  const session = new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false });
  session.accessToken = input.accessToken.trim();
  session.scope = input.scopes.join(",");
  await deps.sessionStorage.storeSession(session);
  await recordShopInstalled(shop, new Date(), deps.db);
  const row = await deps.db.shop.findUniqueOrThrow({ where: { domain: shop }, select: { status: true } });
  return { shop, status: row.status };
}

export interface ShopSummary {
  shop: string;
  status: string;
  crmUrl: string | null;
  crmSite: string | null;
  installedAt: Date;
  connectedAt: Date | null;
}

export async function listShops(db: Db): Promise<ShopSummary[]> {
  const rows = await db.shop.findMany({ orderBy: { domain: "asc" } });
  return rows.map((row) => ({
    shop: row.domain,
    status: row.status,
    crmUrl: row.crmUrl,
    crmSite: row.crmSite,
    installedAt: row.installedAt,
    connectedAt: row.connectedAt,
  }));
}

export interface ShopStatus extends ShopSummary {
  hasOfflineSession: boolean;
  ledger: Record<string, number>;
  /** Stored deliveries by status, and since when the oldest one still waiting has waited (a backlog, or a stuck one). */
  webhookEvents: { total: number; byStatus: Record<string, number>; oldestWaitingSince: Date | null };
  lastCatalogBuild: { status: string; offers: number; finishedAt: Date | null; error: string | null } | null;
  cursors: Record<string, number>;
  /** The latest records that need a human, newest first, with what went wrong in plain words. */
  failures: Array<{ entity: string; sourceId: string; state: string; lastError: string | null; attempts: number; updatedAt: Date }>;
}

export async function getShopStatus(db: Db, shopInput: string): Promise<ShopStatus> {
  const domain = normalizeShopDomain(shopInput);
  const row = await db.shop.findUnique({ where: { domain } });
  if (!row) throw new SyncError("not_found", `No shop ${domain} is known to this app.`, { shop: domain });
  const [session, ledger, eventsByStatus, oldestWaiting, lastBuild, cursors, failures] = await Promise.all([
    db.session.findUnique({ where: { id: `offline_${domain}` }, select: { id: true } }),
    db.syncRecord.groupBy({ by: ["state"], where: { shop: domain }, _count: { _all: true } }),
    db.webhookEvent.groupBy({ by: ["status"], where: { shop: domain }, _count: { _all: true } }),
    db.webhookEvent.findFirst({ where: { shop: domain, status: "received" }, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }),
    db.catalogBuild.findFirst({ where: { shop: domain }, orderBy: { createdAt: "desc" } }),
    db.crmCursor.findMany({ where: { shop: domain } }),
    db.syncRecord.findMany({
      where: { shop: domain, state: { in: ["failed", "quarantined"] } },
      orderBy: { updatedAt: "desc" },
      take: 10,
      select: { entity: true, sourceId: true, state: true, lastError: true, attempts: true, updatedAt: true },
    }),
  ]);
  return {
    shop: domain,
    status: row.status,
    crmUrl: row.crmUrl,
    crmSite: row.crmSite,
    installedAt: row.installedAt,
    connectedAt: row.connectedAt,
    hasOfflineSession: Boolean(session),
    ledger: Object.fromEntries(ledger.map((group) => [group.state, group._count._all])),
    webhookEvents: {
      total: eventsByStatus.reduce((sum, group) => sum + group._count._all, 0),
      byStatus: Object.fromEntries(eventsByStatus.map((group) => [group.status, group._count._all])),
      oldestWaitingSince: oldestWaiting?.receivedAt ?? null,
    },
    lastCatalogBuild: lastBuild && { status: lastBuild.status, offers: lastBuild.offers, finishedAt: lastBuild.finishedAt, error: lastBuild.error },
    cursors: Object.fromEntries(cursors.map((cursor) => [cursor.entity, cursor.sinceId])),
    failures,
  };
}

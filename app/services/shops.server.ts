import { getDb, type Db } from "../db.server";

export type ShopStatus = "installed" | "connected" | "uninstalled";

export type ShopCrmConnection =
  | { readonly state: "connected"; readonly crmUrl: string; readonly crmSite: string | null }
  | { readonly state: "not_connected" };

/**
 * What the admin home shows about the shop's RetailCRM link: connected when the CRM address and key are stored.
 * It does not wait for the install status, which the auth hook may still be updating while a page's loaders run
 * (Remix runs the layout's and the page's loaders in parallel, and only one of them runs the hook).
 */
export async function getShopCrmConnection(domain: string, db: Db = getDb()): Promise<ShopCrmConnection> {
  const shop = await db.shop.findUnique({
    where: { domain },
    select: { crmUrl: true, crmSite: true, crmApiKeyEnc: true },
  });
  if (shop?.crmUrl && shop.crmApiKeyEnc) {
    return { state: "connected", crmUrl: shop.crmUrl, crmSite: shop.crmSite };
  }
  return { state: "not_connected" };
}

/**
 * Records an install after Shopify granted the app a session. A connected shop stays connected. A shop that
 * had uninstalled starts over with a fresh install date, and gets its CRM connection back if the connection is
 * still stored (shop/redact has not erased it yet).
 */
export async function recordShopInstalled(domain: string, at: Date = new Date(), db: Db = getDb()): Promise<void> {
  await db.$transaction([
    db.shop.updateMany({
      where: { domain, status: "uninstalled", crmUrl: { not: null }, crmApiKeyEnc: { not: null } },
      data: { status: "connected", installedAt: at, uninstalledAt: null },
    }),
    db.shop.updateMany({
      where: { domain, status: "uninstalled" },
      data: { status: "installed", installedAt: at, uninstalledAt: null },
    }),
    db.shop.upsert({
      where: { domain },
      create: { domain, status: "installed", installedAt: at },
      update: { uninstalledAt: null },
    }),
  ]);
}

/**
 * Forgets the shop's Shopify sessions and marks its row uninstalled. Shopify may deliver app/uninstalled
 * more than once: a repeat changes nothing, and the first uninstall date is kept.
 */
export async function recordShopUninstalled(domain: string, at: Date = new Date(), db: Db = getDb()): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.updateMany({
      where: { domain, status: { not: "uninstalled" } },
      data: { status: "uninstalled", uninstalledAt: at },
    }),
  ]);
}

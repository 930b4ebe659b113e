import type { Db } from "../db.server";
import { publishCatalogAtConnect, type CatalogAtConnect, type CatalogConnectDeps } from "./catalog/catalog-connect";
import { newIcmlToken } from "./catalog/catalog-token";
import type { CrmClient } from "./crm/client";
import { checkCrmUrl, type CrmUrlPolicy } from "./crm-url";
import { decryptSecret, encryptSecret } from "./crypto";
import { isSyncError, SyncError } from "./errors";

/** What the connector does with a CRM key, and so the scopes it must have. */
export const REQUIRED_CRM_SCOPES = [
  "order_read",
  "order_write",
  "customer_read",
  "customer_write",
  "reference_read",
  "reference_write",
  "store_read",
] as const;

export interface CrmConnectionDeps {
  db: Db;
  encryptionKey: Buffer;
  urlPolicy: CrmUrlPolicy;
  makeCrmClient(options: { baseUrl: string; apiKey: string; site?: string }): CrmClient;
  /**
   * The catalog step after a successful connect: the CRM site's ymlUrl, the 4-hourly build, and the first build
   * (right away for ≤ 500 variants). Without it connecting stops at the CRM connection.
   */
  catalog?: CatalogConnectDeps;
}

export interface ConnectCrmInput {
  shop: string;
  crmUrl: string;
  apiKey: string;
  site?: string;
}

export interface CrmConnection {
  shop: string;
  crmUrl: string;
  site: string;
  siteName?: string;
  siteCurrency?: string;
  scopes: string[];
  /** What happened to the shop's catalog; absent when the catalog step was not wired in. */
  catalog?: CatalogAtConnect;
}

/**
 * Checks a RetailCRM address and API key the way the merchant would want before anything syncs: the key works,
 * has every scope the connector needs and reaches the site; then stores the key sealed and marks the shop connected.
 */
export async function connectCrm(deps: CrmConnectionDeps, input: ConnectCrmInput): Promise<CrmConnection> {
  const shop = await deps.db.shop.findUnique({ where: { domain: input.shop } });
  if (!shop || shop.status === "uninstalled") {
    throw new SyncError("not_found", `The app is not installed on ${input.shop}. Install it from the Shopify admin (or run: npm run cli -- shop add) first.`, {
      shop: input.shop,
    });
  }
  const apiKey = input.apiKey.trim();
  if (!apiKey) throw new SyncError("validation", "The RetailCRM API key is empty.", { shop: input.shop });

  const baseUrl = await checkCrmUrl(input.crmUrl, deps.urlPolicy);
  const client = deps.makeCrmClient({ baseUrl, apiKey });

  const credentials = await client.credentials().catch((error: unknown) => {
    if (isSyncError(error) && error.kind === "auth") {
      throw new SyncError(
        "auth",
        `RetailCRM at ${baseUrl} did not accept this API key (${error.message}). Copy the key again from RetailCRM: Settings → Integration → API access keys.`,
        { crmUrl: baseUrl },
        { cause: error },
      );
    }
    throw error;
  });

  const missing = REQUIRED_CRM_SCOPES.filter((scope) => !credentials.scopes.includes(scope));
  if (missing.length) {
    throw new SyncError(
      "auth",
      `This API key lacks the permissions ${missing.join(", ")}. In RetailCRM open Settings → Integration → API access keys, edit the key, tick them and save; then connect again.`,
      { crmUrl: baseUrl, missing },
    );
  }

  const reachable = await client.reference.sites();
  const siteCodes = credentials.siteAccess === "access_full" ? Object.keys(reachable) : credentials.sitesAvailable;
  const site = chooseSite(input.site, siteCodes, baseUrl);
  const details = reachable[site];

  const icmlToken = shop.icmlToken ?? newIcmlToken();
  await deps.db.shop.update({
    where: { domain: input.shop },
    data: {
      status: "connected",
      crmUrl: baseUrl,
      crmApiKeyEnc: encryptSecret(apiKey, deps.encryptionKey),
      crmSite: site,
      connectedAt: new Date(),
      icmlToken,
    },
  });

  const catalog = deps.catalog ? await publishCatalogAtConnect(deps.catalog, { shop: input.shop, token: icmlToken, crmClient: client, site }) : undefined;
  return {
    shop: input.shop,
    crmUrl: baseUrl,
    site,
    siteName: details?.name ?? undefined,
    siteCurrency: details?.currency ?? undefined,
    scopes: credentials.scopes,
    catalog,
  };
}

function chooseSite(requested: string | undefined, available: string[], crmUrl: string): string {
  if (requested) {
    if (available.includes(requested)) return requested;
    throw new SyncError(
      "auth",
      available.length
        ? `This API key has no access to the site "${requested}"; it reaches ${available.join(", ")}. Pick one of those, or give the key access to "${requested}" in RetailCRM.`
        : `This API key has no access to any site, so it cannot reach "${requested}". Give the key access to the site in RetailCRM: Settings → Integration → API access keys.`,
      { crmUrl, site: requested, available },
    );
  }
  if (available.length === 1) return available[0] as string;
  if (available.length === 0) {
    throw new SyncError("auth", "This API key has no access to any site. Give it access to your store's site in RetailCRM: Settings → Integration → API access keys.", {
      crmUrl,
    });
  }
  throw new SyncError("validation", `This API key reaches ${available.length} sites (${available.join(", ")}). Choose the one for this store with --site.`, {
    crmUrl,
    available,
  });
}

/** The CRM API key of a connected shop, unsealed. */
export function revealCrmApiKey(shop: { crmApiKeyEnc: string | null; domain: string }, encryptionKey: Buffer): string {
  if (!shop.crmApiKeyEnc) {
    throw new SyncError("auth", `${shop.domain} is not connected to RetailCRM yet. Connect it in the app's settings.`, { shop: shop.domain });
  }
  return decryptSecret(shop.crmApiKeyEnc, encryptionKey);
}

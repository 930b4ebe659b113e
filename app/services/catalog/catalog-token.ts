import { randomBytes } from "node:crypto";
import type { Db } from "../../db.server";
import type { CrmClient } from "../crm/client";
import { decryptSecret } from "../crypto";
import { isSyncError, SyncError } from "../errors";

const ICML_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** 24 random bytes, URL-safe: the secret that makes a shop's catalog URL unguessable. */
export function newIcmlToken(): string {
  return randomBytes(24).toString("base64url");
}

export function isWellFormedIcmlToken(token: string): boolean {
  return ICML_TOKEN_PATTERN.test(token);
}

/** `https://app.example.com` + token → `https://app.example.com/icml/<token>`. */
export function buildIcmlUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/icml/${token}`;
}

/** Points the CRM site at the catalog URL in "load from ICML" mode (RetailCRM reference §4.2). */
export async function writeCatalogUrlToCrm(client: CrmClient, site: string, url: string): Promise<void> {
  await client.reference.editSite(site, { ymlUrl: url, loadFromYml: true });
}

export interface IcmlTokenRotationDeps {
  db: Db;
  appUrl: string;
  encryptionKey: Buffer;
  makeCrmClient(options: { baseUrl: string; apiKey: string; site?: string }): CrmClient;
}

export interface IcmlTokenRotation {
  shop: string;
  url: string;
  /** False when the shop is not connected to a CRM (there is nothing to update there). */
  crmUpdated: boolean;
}

/**
 * Replaces the shop's catalog token: the old URL answers 404 from this moment, then the CRM site is pointed at the
 * new one. Revoking comes first because a rotation is usually about a leaked URL.
 */
export async function rotateIcmlToken(deps: IcmlTokenRotationDeps, shopDomain: string): Promise<IcmlTokenRotation> {
  const shop = await deps.db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop || shop.status === "uninstalled") {
    throw new SyncError("not_found", `The app is not installed on ${shopDomain}, so it has no catalog URL.`, { shop: shopDomain });
  }
  const token = newIcmlToken();
  await deps.db.shop.update({ where: { domain: shopDomain }, data: { icmlToken: token } });
  const url = buildIcmlUrl(deps.appUrl, token);
  if (!shop.crmUrl || !shop.crmApiKeyEnc || !shop.crmSite) return { shop: shopDomain, url, crmUpdated: false };

  const client = deps.makeCrmClient({ baseUrl: shop.crmUrl, apiKey: decryptSecret(shop.crmApiKeyEnc, deps.encryptionKey), site: shop.crmSite });
  try {
    await writeCatalogUrlToCrm(client, shop.crmSite, url);
  } catch (error) {
    throw new SyncError(
      isSyncError(error) ? error.kind : "upstream",
      `The old catalog URL is revoked and the new one is ${url}, but RetailCRM could not be updated ` +
        `(${isSyncError(error) ? error.toPlainWords() : (error as Error).message}). Paste the new URL into the site's "URL of ICML file" ` +
        `in RetailCRM (Settings → Stores), or run the rotation again.`,
      { shop: shopDomain, url },
      { cause: error },
    );
  }
  return { shop: shopDomain, url, crmUpdated: true };
}

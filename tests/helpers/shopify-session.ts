import { createHmac, randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getDb, type Db } from "../../app/db.server";
import { encryptSecret } from "../../app/services/crypto";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface OfflineSessionOptions {
  scope?: string;
  /** When the access token expires; a day from now unless given (the app uses expiring offline tokens). */
  expires?: Date;
  db?: Db;
}

/**
 * Stores an active offline session for `shop` through the same Prisma session storage the app uses, so the
 * app authenticates admin requests for that shop without a token exchange.
 */
export async function storeOfflineSession(shop: string, accessToken: string, options: OfflineSessionOptions = {}): Promise<Session> {
  const session = new Session({
    id: `offline_${shop}`,
    shop,
    state: "",
    isOnline: false,
    scope: options.scope ?? "read_customers,write_customers,read_orders,write_orders,read_products,read_inventory",
    accessToken,
    expires: options.expires ?? new Date(Date.now() + DAY_MS),
    refreshToken: `refresh-${accessToken}`,
    refreshTokenExpires: new Date(Date.now() + 30 * DAY_MS),
  });
  await new PrismaSessionStorage(options.db ?? getDb()).storeSession(session);
  return session;
}

export interface SessionTokenClaims {
  shop: string;
  apiKey: string;
  apiSecret: string;
  userId?: string;
  /** Seconds the token stays valid; Shopify issues one-minute tokens. */
  ttlSeconds?: number;
}

function encodeBase64Url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/** An App Bridge session token: an HS256 JWT signed with the app's API secret, as Shopify admin issues it. */
export function makeSessionToken({ shop, apiKey, apiSecret, userId = "42", ttlSeconds = 60 }: SessionTokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = encodeBase64Url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = encodeBase64Url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: apiKey,
      sub: userId,
      exp: now + ttlSeconds,
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The `host` query parameter Shopify admin adds to embedded app URLs: base64 of the shop's admin host. */
export function makeHostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString("base64");
}

export interface ConnectedShopInput {
  domain: string;
  /** The Shopify simulator shop's Admin API token. */
  accessToken: string;
  crmUrl: string;
  site: string;
  crmApiKey: string;
  encryptionKey: Buffer;
  settings?: Record<string, unknown>;
}

/**
 * A shop as it is after install and `connect`, written straight to the database (no CRM round trip): its offline
 * session and a connected Shop row with the CRM key sealed as the app seals it.
 */
export async function storeConnectedShop(db: Db, input: ConnectedShopInput): Promise<void> {
  await storeOfflineSession(input.domain, input.accessToken, { db });
  await db.shop.create({
    data: {
      domain: input.domain,
      status: "connected",
      crmUrl: input.crmUrl,
      crmSite: input.site,
      crmApiKeyEnc: encryptSecret(input.crmApiKey, input.encryptionKey),
      settings: JSON.stringify(input.settings ?? {}),
      connectedAt: new Date(),
    },
  });
}

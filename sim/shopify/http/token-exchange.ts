import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SimShopState } from "../store/shop-state";

const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const EXPIRING_TOKEN_SECONDS = 3600;
const REFRESH_TOKEN_SECONDS = 30 * 24 * 3600;
const CLOCK_LEEWAY_SECONDS = 10;

export interface SimTokenResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface SimSessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

/** Verifies an App Bridge session token (HS256, signed with the app's secret); returns its claims or a reason. */
export function verifySessionToken(
  token: string,
  secret: string,
  nowMs: number,
): { ok: true; claims: SimSessionTokenClaims } | { ok: false; reason: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "subject_token is not a JWT" };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "subject_token signature is invalid" };
  let decodedHeader: { alg?: string };
  let claims: SimSessionTokenClaims;
  try {
    decodedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: string };
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SimSessionTokenClaims;
  } catch {
    return { ok: false, reason: "subject_token is not valid JSON" };
  }
  if (decodedHeader.alg !== "HS256") return { ok: false, reason: "subject_token must be signed with HS256" };
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_LEEWAY_SECONDS < now) return { ok: false, reason: "subject_token has expired" };
  if (typeof claims.nbf === "number" && claims.nbf - CLOCK_LEEWAY_SECONDS > now) return { ok: false, reason: "subject_token is not valid yet" };
  return { ok: true, claims };
}

function issueToken(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString("hex")}`;
}

function invalid(error: string, description: string, status = 400): SimTokenResponse {
  return { status, body: { error, error_description: description } };
}

/** `POST /admin/oauth/access_token`: token exchange (offline or online) and refresh-token grants. */
export function answerAccessTokenRequest(
  shop: SimShopState,
  body: Record<string, unknown>,
  app: { apiKey?: string; apiSecret: string; now: number },
): SimTokenResponse {
  if (app.apiKey !== undefined && body.client_id !== app.apiKey) return invalid("invalid_client", "client_id does not match the app", 401);
  if (body.client_secret !== app.apiSecret) return invalid("invalid_client", "client_secret does not match the app", 401);
  if (!shop.installed) return invalid("invalid_request", "The app is not installed on this shop");

  if (body.grant_type === "refresh_token") {
    const refresh = shop.refreshTokens.get(String(body.refresh_token));
    if (!refresh || refresh.expiresAt < app.now) return invalid("invalid_grant", "refresh_token is unknown or expired");
    shop.refreshTokens.delete(String(body.refresh_token));
    return { status: 200, body: issueExpiring(shop, app.now) };
  }
  if (body.grant_type !== TOKEN_EXCHANGE_GRANT) return invalid("unsupported_grant_type", `grant_type must be ${TOKEN_EXCHANGE_GRANT} or refresh_token`);
  if (body.subject_token_type !== ID_TOKEN_TYPE) return invalid("invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}`);

  const verified = verifySessionToken(String(body.subject_token ?? ""), app.apiSecret, app.now);
  if (!verified.ok) return invalid("invalid_subject_token", verified.reason);
  const claims = verified.claims;
  if (app.apiKey !== undefined && claims.aud !== app.apiKey) return invalid("invalid_subject_token", "subject_token aud is not this app's API key");
  if (claims.dest !== `https://${shop.domain}`) return invalid("invalid_subject_token", `subject_token dest must be https://${shop.domain}`);

  const scope = shop.scopes.join(",");
  if (body.requested_token_type === ONLINE_TOKEN_TYPE) {
    const token = issueToken("shpua");
    shop.tokens.set(token, { expiresAt: app.now + 86_399_000 });
    const userId = Number(claims.sub) || 1;
    return {
      status: 200,
      body: {
        access_token: token,
        scope,
        expires_in: 86399,
        associated_user_scope: scope,
        session: claims.sid,
        associated_user: {
          id: userId,
          first_name: "Sim",
          last_name: "Merchant",
          email: "merchant@example.com",
          account_owner: true,
          locale: "en",
          collaborator: false,
          email_verified: true,
        },
      },
    };
  }
  if (body.expiring === "1" || body.expiring === 1 || body.expiring === true) return { status: 200, body: issueExpiring(shop, app.now) };
  return { status: 200, body: { access_token: shop.accessToken, scope } };
}

function issueExpiring(shop: SimShopState, now: number): Record<string, unknown> {
  const token = issueToken("shpat");
  const refreshToken = issueToken("shprt");
  shop.tokens.set(token, { expiresAt: now + EXPIRING_TOKEN_SECONDS * 1000 });
  shop.refreshTokens.set(refreshToken, { expiresAt: now + REFRESH_TOKEN_SECONDS * 1000 });
  return {
    access_token: token,
    scope: shop.scopes.join(","),
    expires_in: EXPIRING_TOKEN_SECONDS,
    refresh_token: refreshToken,
    refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
  };
}

/** Builds a session token like App Bridge does; for tests that drive `authenticate.admin`. */
export function signSessionToken(
  options: { shop: string; apiKey: string; apiSecret: string; userId?: string; nowMs?: number; ttlSeconds?: number },
): string {
  const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const claims: SimSessionTokenClaims = {
    iss: `https://${options.shop}/admin`,
    dest: `https://${options.shop}`,
    aud: options.apiKey,
    sub: options.userId ?? "1",
    exp: now + (options.ttlSeconds ?? 60),
    nbf: now,
    iat: now,
    jti: randomBytes(8).toString("hex"),
    sid: randomBytes(8).toString("hex"),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const signature = createHmac("sha256", options.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

import type { IncomingHttpHeaders } from "node:http";
import { CrmApiError, CRM_MESSAGES, createAccessDeniedError, createInputError, createParameterMissingError } from "./api-errors";
import { readParamString, type CrmParams } from "./request-params";
import type { CrmSimState } from "./state";

/** Scope names as /api/credentials lists them (reference §4.3). */
export const CRM_SCOPES = [
  "order_read",
  "order_write",
  "customer_read",
  "customer_write",
  "store_read",
  "store_write",
  "reference_read",
  "reference_write",
  "integration_read",
  "integration_write",
  "custom_fields_read",
  "custom_fields_write",
  "analytics_write",
  "telephony_read",
  "telephony_write",
  "delivery_read",
  "delivery_write",
  "user_read",
  "user_write",
  "segment_read",
  "task_read",
  "task_write",
  "cost_read",
  "cost_write",
  "payments_read",
  "payments_write",
  "file_read",
  "file_write",
  "loyalty_read",
  "loyalty_write",
  "verification_read",
  "verification_write",
] as const;

export type CrmScope = (typeof CRM_SCOPES)[number];

export interface CrmApiKeySpec {
  key: string;
  /** Defaults to every scope. */
  scopes?: string[];
  /** Sites the key reaches; defaults to "all" (access_full). */
  sites?: string[] | "all";
}

export interface CrmApiKey {
  key: string;
  scopes: readonly string[];
  sites: "all" | readonly string[];
}

export function createApiKey(spec: CrmApiKeySpec): CrmApiKey {
  if (!spec.key) throw new Error("addApiKey: key must be a non-empty string.");
  const unknownScopes = (spec.scopes ?? []).filter((scope) => !(CRM_SCOPES as readonly string[]).includes(scope));
  if (unknownScopes.length > 0) {
    throw new Error(`addApiKey: unknown scopes ${unknownScopes.join(", ")}. Known scopes: ${CRM_SCOPES.join(", ")}.`);
  }
  return {
    key: spec.key,
    scopes: [...(spec.scopes ?? CRM_SCOPES)],
    sites: spec.sites === undefined || spec.sites === "all" ? "all" : [...spec.sites],
  };
}

/** The key from the `X-API-KEY` header, else the `apiKey` query parameter, else the `apiKey` form field. */
export function readApiKey(headers: IncomingHttpHeaders, query: CrmParams, form: CrmParams): string | undefined {
  const header = headers["x-api-key"];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  return fromHeader || readParamString(query, "apiKey") || readParamString(form, "apiKey") || undefined;
}

export function authenticateApiKey(state: CrmSimState, provided: string | undefined, scope: CrmScope | null): CrmApiKey {
  if (!provided) throw new CrmApiError(403, CRM_MESSAGES.apiKeyMissing);
  const key = state.apiKeys.get(provided);
  if (!key) throw new CrmApiError(403, CRM_MESSAGES.wrongApiKey);
  if (scope !== null && !key.scopes.includes(scope)) throw createAccessDeniedError();
  return key;
}

export function listReachableSites(state: CrmSimState, key: CrmApiKey): string[] {
  const all = [...state.sites.keys()];
  return key.sites === "all" ? all : all.filter((code) => key.sites.includes(code));
}

export function canReachSite(state: CrmSimState, key: CrmApiKey, code: string): boolean {
  return listReachableSites(state, key).includes(code);
}

/**
 * The site a write or an externalId lookup works in: the `site` parameter, or the
 * only site the key reaches. A key that reaches several sites must send `site`.
 */
export function resolveSite(state: CrmSimState, key: CrmApiKey, params: CrmParams): string {
  const requested = readParamString(params, "site");
  if (requested) {
    assertSiteAccess(state, key, requested);
    return requested;
  }
  const reachable = listReachableSites(state, key);
  if (reachable.length === 1 && reachable[0]) return reachable[0];
  if (reachable.length === 0) throw createAccessDeniedError();
  throw createParameterMissingError("site");
}

export function assertSiteAccess(state: CrmSimState, key: CrmApiKey, code: string): void {
  if (!state.sites.has(code)) throw createInputError({ site: `Site with code "${code}" does not exist.` });
  if (!canReachSite(state, key, code)) throw createAccessDeniedError();
}

export function describeSiteAccess(key: CrmApiKey): "access_full" | "access_selective" {
  return key.sites === "all" ? "access_full" : "access_selective";
}

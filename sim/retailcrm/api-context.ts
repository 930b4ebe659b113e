import { CrmApiError, CrmEntityRejection, createInputError, createNotFoundError, CRM_MESSAGES } from "./api-errors";
import { canReachSite, resolveSite, type CrmApiKey, type CrmScope } from "./auth";
import { readParamString, type CrmParams } from "./request-params";
import type { CrmSimState, CrmWriter } from "./state";

export interface CrmApiContext {
  readonly state: CrmSimState;
  readonly key: CrmApiKey;
  /** Query parameters, overlaid with form fields on POST. */
  readonly params: CrmParams;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly now: Date;
  readonly routes: readonly CrmApiRoute[];
}

export interface CrmApiResult {
  status: number;
  body: Record<string, unknown>;
}

export interface CrmApiRoute {
  method: "GET" | "POST";
  /** `/api/v5/orders/:id/edit`: `:name` segments are path parameters. */
  path: string;
  /** null: any valid key may call it. */
  scope: CrmScope | null;
  handle: (ctx: CrmApiContext) => CrmApiResult;
}

export function respondOk(payload: Record<string, unknown> = {}, status = 200): CrmApiResult {
  return { status, body: { success: true, ...payload } };
}

export function describeApiWriter(ctx: CrmApiContext): CrmWriter {
  return { source: "api", apiKey: ctx.key.key };
}

export type CrmLookupBy = "id" | "externalId";

export function readLookupBy(params: CrmParams): CrmLookupBy {
  const by = readParamString(params, "by") ?? "externalId";
  if (by !== "id" && by !== "externalId") throw createInputError({ by: 'The value must be "id" or "externalId".' });
  return by;
}

/** Lookup by `{x}` in the path: by=id needs no site; by=externalId works within the resolved site. */
export function readEntityLookup(ctx: CrmApiContext, pathValue: string): { id: number } | { externalId: string; site: string } {
  if (readLookupBy(ctx.params) === "id") {
    const id = Number(pathValue);
    if (!Number.isInteger(id) || id <= 0) throw createNotFoundError();
    return { id };
  }
  return { externalId: pathValue, site: resolveSite(ctx.state, ctx.key, ctx.params) };
}

/** Entities in sites the key cannot reach are invisible to it. */
export function assertVisible<T extends { site: string }>(ctx: CrmApiContext, entity: T | undefined, notFoundMessage?: string): T {
  if (!entity || !canReachSite(ctx.state, ctx.key, entity.site)) throw createNotFoundError(notFoundMessage);
  return entity;
}

/** Translates an entity rejection into the endpoint's envelope. */
export function toApiError(
  rejection: CrmEntityRejection,
  messages: { invalid: string; duplicate: string },
): CrmApiError {
  if (rejection.kind === "duplicate") return new CrmApiError(400, messages.duplicate, rejection.errors);
  if (rejection.kind === "format") return new CrmApiError(400, CRM_MESSAGES.entityFormat, rejection.errors);
  return new CrmApiError(400, messages.invalid, rejection.errors);
}

export function runEntityWrite<T>(write: () => T, messages: { invalid: string; duplicate: string }): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof CrmEntityRejection) throw toApiError(error, messages);
    throw error;
  }
}

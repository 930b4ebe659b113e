import { z } from "zod";
import { respondJson, type CrmHttpRequest, type CrmHttpResponse } from "./http-server";
import type { CrmSimulator } from "./types";

const keySchema = z.object({
  key: z.string().min(1),
  scopes: z.array(z.string()).optional(),
  sites: z.union([z.literal("all"), z.array(z.string())]).optional(),
});
const siteSchema = z.object({
  code: z.string().min(1),
  name: z.string().optional(),
  currency: z.string().optional(),
  countryIso: z.string().optional(),
  url: z.string().optional(),
  ymlUrl: z.string().optional(),
});
const faultsSchema = z.object({
  errorRate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().min(0).optional(),
  dropRate: z.number().min(0).max(1).optional(),
  burst503: z.number().int().min(0).optional(),
});
const failNextSchema = z.object({
  status: z.number().int().min(100).max(599),
  times: z.number().int().positive().optional(),
  /** Exact path or prefix. */
  path: z.string().optional(),
  /** A regular expression source tested against the path. */
  pathPattern: z.string().optional(),
  body: z.unknown().optional(),
  drop: z.boolean().optional(),
});
const rateLimitSchema = z.object({ perSecond: z.number().min(0) });
const entityKindSchema = z.enum(["order", "customer"]);
const userEditSchema = z.object({
  kind: entityKindSchema,
  by: z.object({ id: z.number().int().optional(), externalId: z.string().optional(), site: z.string().optional() }),
  patch: z.record(z.string(), z.unknown()),
  userId: z.number().int().positive().optional(),
});
const userCreateSchema = z.object({
  kind: entityKindSchema,
  site: z.string(),
  data: z.record(z.string(), z.unknown()),
  userId: z.number().int().positive().optional(),
});
const resetSchema = z.object({ keepKeys: z.boolean().optional() });

/**
 * Control endpoints under `/__sim/` (no key, no rate limit, never faulted):
 *   GET  /__sim/export            snapshot of everything
 *   GET  /__sim/requests          the API request log
 *   POST /__sim/reset             {keepKeys?}
 *   POST /__sim/keys              {key, scopes?, sites?}
 *   POST /__sim/sites             {code, name?, currency?, countryIso?, url?, ymlUrl?}
 *   POST /__sim/sites/{code}/load-catalog
 *   POST /__sim/faults            {errorRate?, latencyMs?, dropRate?, burst503?}
 *   POST /__sim/fail-next         {status, times?, path?, pathPattern?, body?, drop?}
 *   POST /__sim/rate-limit        {perSecond}
 *   POST /__sim/user-edit         {kind, by, patch, userId?}
 *   POST /__sim/user-create       {kind, site, data, userId?}
 */
export async function handleAdminRequest(sim: CrmSimulator, request: CrmHttpRequest): Promise<CrmHttpResponse> {
  const path = request.url.pathname.replace(/\/+$/, "");
  try {
    if (request.method === "GET" && path === "/__sim/export") return respondJson(200, sim.snapshot());
    if (request.method === "GET" && path === "/__sim/requests") return respondJson(200, sim.snapshot().requests);
    if (request.method !== "POST") return respondJson(404, { error: `No admin endpoint ${request.method} ${path}.` });

    const body = readJsonBody(request);
    const catalogMatch = /^\/__sim\/sites\/([^/]+)\/load-catalog$/.exec(path);
    if (catalogMatch) {
      const load = await sim.loadCatalog(decodeURIComponent(catalogMatch[1] ?? ""));
      return respondJson(load.ok ? 200 : 422, load);
    }
    switch (path) {
      case "/__sim/reset": {
        const { keepKeys } = resetSchema.parse(body);
        const keys = keepKeys ? sim.snapshot().apiKeys : [];
        sim.reset();
        for (const key of keys) sim.addApiKey({ key: key.key, scopes: [...key.scopes], sites: key.sites === "all" ? "all" : [...key.sites] });
        return respondJson(200, { ok: true });
      }
      case "/__sim/keys":
        sim.addApiKey(keySchema.parse(body));
        return respondJson(200, { ok: true });
      case "/__sim/sites":
        sim.addSite(siteSchema.parse(body));
        return respondJson(200, { ok: true });
      case "/__sim/faults":
        sim.setFaults(faultsSchema.parse(body));
        return respondJson(200, { ok: true });
      case "/__sim/fail-next": {
        const { status, pathPattern, path: pathPrefix, ...options } = failNextSchema.parse(body);
        sim.failNext(status, { ...options, path: pathPattern !== undefined ? new RegExp(pathPattern) : pathPrefix });
        return respondJson(200, { ok: true });
      }
      case "/__sim/rate-limit":
        sim.setRateLimit(rateLimitSchema.parse(body).perSecond);
        return respondJson(200, { ok: true });
      case "/__sim/user-edit": {
        const { kind, by, patch, userId } = userEditSchema.parse(body);
        sim.userEdit(kind, by, patch, { userId });
        return respondJson(200, { ok: true });
      }
      case "/__sim/user-create": {
        const { kind, site, data, userId } = userCreateSchema.parse(body);
        return respondJson(201, { ok: true, id: sim.userCreate(kind, site, data, { userId }) });
      }
      default:
        return respondJson(404, { error: `No admin endpoint POST ${path}.` });
    }
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    return respondJson(400, { error: message });
  }
}

function readJsonBody(request: CrmHttpRequest): unknown {
  const text = request.body.toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error("Admin endpoints take a JSON body.");
  }
}

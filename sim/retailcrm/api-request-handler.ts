import { setTimeout as sleep } from "node:timers/promises";
import { CrmApiError, CRM_MESSAGES, renderErrorBody } from "./api-errors";
import { authenticateApiKey, readApiKey } from "./auth";
import { CRM_API_ROUTES, matchApiRoute } from "./api-router";
import type { CrmFaultInjector } from "./faults";
import { respondJson, type CrmHttpRequest, type CrmHttpResponse } from "./http-server";
import type { CrmRateLimiter } from "./rate-limiter";
import { decodeJsonFields, parseBracketParams, parseFormBody, type CrmParams } from "./request-params";
import type { CrmSimState } from "./state";

export interface CrmApiPipeline {
  getState(): CrmSimState;
  faults: CrmFaultInjector;
  rateLimiter: CrmRateLimiter;
}

const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

/**
 * One API request, in the order a real account handles it: injected faults,
 * the per-key rate limit, routing, key and scope checks, then the handler.
 * Only form-encoded POST bodies are read: a JSON body leaves every form field
 * missing, so the handler answers `Parameter 'order' is missing` (and a key sent
 * only inside JSON counts as no key).
 */
export async function handleApiRequest(pipeline: CrmApiPipeline, request: CrmHttpRequest): Promise<CrmHttpResponse | null> {
  const startedAt = Date.now();
  const query = parseBracketParams(request.url.searchParams);
  const contentType = String(request.headers["content-type"] ?? "");
  const isForm = request.method === "POST" && contentType.toLowerCase().startsWith(FORM_CONTENT_TYPE);
  const rawBody = request.body.toString("utf8");
  const form: CrmParams = isForm ? parseFormBody(rawBody) : {};
  const apiKey = readApiKey(request.headers, query, form);

  if (pipeline.faults.latencyMs > 0) await sleep(pipeline.faults.latencyMs);
  const state = pipeline.getState();
  const log = (status: number) => {
    state.requests.push({
      at: startedAt,
      method: request.method,
      path: request.url.pathname,
      ...(apiKey !== undefined ? { apiKey } : {}),
      status,
      query: structuredClone(query),
      body: isForm ? decodeJsonFields(form) : rawBody === "" ? null : rawBody,
      ...(contentType ? { contentType } : {}),
    });
  };

  const fault = pipeline.faults.decide(request.url.pathname);
  if (fault.kind === "drop") {
    log(0);
    return null;
  }
  if (fault.kind === "respond") {
    log(fault.status);
    if (typeof fault.body === "string") {
      const type = fault.body.trimStart().startsWith("<") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
      return { status: fault.status, headers: { "content-type": type }, body: fault.body };
    }
    return respondJson(fault.status, fault.body);
  }

  if (apiKey !== undefined && !pipeline.rateLimiter.tryAcquire(apiKey, Date.now())) {
    log(503);
    return respondJson(503, { success: false, errorMsg: CRM_MESSAGES.rateLimited });
  }

  const { status, body } = dispatch(state, request, query, form, apiKey);
  log(status);
  return respondJson(status, body);
}

function dispatch(
  state: CrmSimState,
  request: CrmHttpRequest,
  query: CrmParams,
  form: CrmParams,
  apiKey: string | undefined,
): { status: number; body: Record<string, unknown> } {
  try {
    const match = matchApiRoute(CRM_API_ROUTES, request.method, request.url.pathname);
    if (match.kind === "not-found") throw new CrmApiError(404, CRM_MESSAGES.methodNotFound);
    if (match.kind === "method-not-allowed") throw new CrmApiError(405, CRM_MESSAGES.methodNotAllowed);
    const key = authenticateApiKey(state, apiKey, match.route.scope);
    return match.route.handle({
      state,
      key,
      params: request.method === "POST" ? { ...query, ...form } : query,
      pathParams: match.pathParams,
      now: new Date(),
      routes: CRM_API_ROUTES,
    });
  } catch (error) {
    if (error instanceof CrmApiError) return { status: error.status, body: renderErrorBody(error) };
    console.error("RetailCRM simulator: handler failed", error);
    return { status: 500, body: { success: false, errorMsg: `Simulator error: ${(error as Error).message}` } };
  }
}

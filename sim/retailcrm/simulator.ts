import { handleAdminRequest } from "./admin-routes";
import { handleApiRequest } from "./api-request-handler";
import { createApiKey } from "./auth";
import { loadSiteCatalog } from "./catalog/catalog-loader";
import { renderCustomer } from "./entities/customers";
import { renderOrder } from "./entities/orders";
import { CrmFaultInjector } from "./faults";
import { startHttpServer, type CrmHttpServer } from "./http-server";
import { CrmRateLimiter } from "./rate-limiter";
import { addSiteToState, createSeededState } from "./seed";
import type { CrmSimState } from "./state";
import type { CrmSimOptions, CrmSimSnapshot, CrmSimulator } from "./types";
import { applyUserCreate, applyUserEdit } from "./user-actions";

const DEFAULT_RATE_LIMIT = 10;
const DEFAULT_USER_ID = 1;

export function createCrmSimulator(opts: CrmSimOptions = {}): CrmSimulator {
  const seed = opts.seed ?? "default";
  const initialRateLimit = opts.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT;
  let state: CrmSimState = createSeededState(seed);
  const faults = new CrmFaultInjector();
  const rateLimiter = new CrmRateLimiter(initialRateLimit);
  let server: CrmHttpServer | undefined;

  const simulator: CrmSimulator = {
    async listen(port = 0, host = "127.0.0.1") {
      if (server) throw new Error(`The RetailCRM simulator already listens on ${server.url}.`);
      server = await startHttpServer(
        (request) =>
          request.url.pathname.startsWith("/__sim/")
            ? handleAdminRequest(simulator, request)
            : handleApiRequest({ getState: () => state, faults, rateLimiter }, request),
        port,
        host,
      );
      return server.url;
    },

    async close() {
      const running = server;
      server = undefined;
      await running?.close();
    },

    get url() {
      if (!server) throw new Error("The RetailCRM simulator is not listening: call listen() first.");
      return server.url;
    },

    addApiKey(spec) {
      const key = createApiKey(spec);
      state.apiKeys.set(key.key, key);
    },

    addSite(site) {
      addSiteToState(state, site);
    },

    failNext(status, failOptions) {
      faults.failNext(status, failOptions);
    },

    setFaults(settings) {
      faults.setFaults(settings);
    },

    setRateLimit(perSecond) {
      if (!Number.isFinite(perSecond) || perSecond < 0) throw new Error("setRateLimit: use 0 (off) or a positive number.");
      rateLimiter.setLimit(perSecond);
    },

    get requests() {
      return state.requests;
    },

    userEdit(kind, by, patch, userOptions) {
      applyUserEdit(state, kind, by, patch, userOptions?.userId ?? DEFAULT_USER_ID);
    },

    userCreate(kind, site, data, userOptions) {
      return applyUserCreate(state, kind, site, data, userOptions?.userId ?? DEFAULT_USER_ID);
    },

    loadCatalog(siteCode) {
      return loadSiteCatalog(state, siteCode);
    },

    snapshot() {
      return createSnapshot(state);
    },

    reset() {
      state = createSeededState(seed);
      faults.clear();
      rateLimiter.clear();
      rateLimiter.setLimit(initialRateLimit);
    },
  };
  return simulator;
}

function createSnapshot(state: CrmSimState): CrmSimSnapshot {
  return structuredClone({
    sites: [...state.sites.values()],
    references: state.references,
    apiKeys: [...state.apiKeys.values()],
    customers: [...state.customers.values()].map((customer) => renderCustomer(state, customer) as CrmSimSnapshot["customers"][number]),
    orders: [...state.orders.values()].map((order) => renderOrder(state, order) as CrmSimSnapshot["orders"][number]),
    payments: [...state.payments.values()],
    history: { orders: state.orderHistory, customers: state.customerHistory },
    requests: state.requests,
    catalogs: Object.fromEntries(state.catalogs),
    catalogLoads: state.catalogLoads,
    integrationModules: Object.fromEntries(state.integrationModules),
  });
}

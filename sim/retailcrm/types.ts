import type { CrmApiKey, CrmApiKeySpec } from "./auth";
import type { CrmCatalogLoad, CrmStoredCatalog } from "./catalog/catalog-types";
import type { CrmFailNextOptions, CrmFaultSettings } from "./faults";
import type { CrmReferences, CrmSite } from "./references";
import type { CrmSimSeed, CrmSiteSpec } from "./seed";
import type { CrmRequestRecord, CrmStoredHistoryEntry, CrmStoredPayment } from "./state";

export interface CrmSimOptions {
  /** Requests per second per API key, sliding one-second window; 0 disables. Default 10. */
  rateLimitPerSecond?: number;
  seed?: CrmSimSeed;
}

export type CrmSimCustomer = { id: number; site: string; externalId?: string; [field: string]: unknown };
export type CrmSimOrder = {
  id: number;
  site: string;
  externalId?: string;
  number: string;
  status: string;
  [field: string]: unknown;
};
export type CrmSimPayment = CrmStoredPayment;
/** A history entry as stored: `writer` says who made it (`api` + key, `user` + id, or `code`). */
export type CrmSimHistoryRecord = CrmStoredHistoryEntry;
export type CrmSimRequestRecord = CrmRequestRecord;
export type CrmSimSite = CrmSite;
export type CrmSimCatalog = CrmStoredCatalog;

export interface CrmSimSnapshot {
  sites: CrmSimSite[];
  references: CrmReferences;
  apiKeys: CrmApiKey[];
  customers: CrmSimCustomer[];
  orders: CrmSimOrder[];
  payments: CrmSimPayment[];
  history: { orders: CrmSimHistoryRecord[]; customers: CrmSimHistoryRecord[] };
  requests: CrmSimRequestRecord[];
  catalogs: Record<string, CrmSimCatalog>;
  catalogLoads: CrmCatalogLoad[];
  integrationModules: Record<string, Record<string, unknown>>;
}

export interface CrmUserEditTarget {
  id?: number;
  externalId?: string;
  site?: string;
}

export interface CrmSimulator {
  /** Default port 0 (any free port), host 127.0.0.1; resolves the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops the server and destroys open sockets. */
  close(): Promise<void>;
  readonly url: string;
  addApiKey(spec: CrmApiKeySpec): void;
  addSite(site: CrmSiteSpec): void;
  failNext(status: number, opts?: CrmFailNextOptions): void;
  setFaults(faults: CrmFaultSettings): void;
  setRateLimit(perSecond: number): void;
  readonly requests: ReadonlyArray<CrmSimRequestRecord>;
  /** A change made by a CRM user (history source "user"). Throws when the CRM would reject it. */
  userEdit(
    kind: "order" | "customer",
    by: CrmUserEditTarget,
    patch: Record<string, unknown>,
    opts?: { userId?: number },
  ): void;
  /** An order or customer created by a CRM user in the CRM (no externalId unless given). Returns its id. */
  userCreate(kind: "order" | "customer", site: string, data: Record<string, unknown>, opts?: { userId?: number }): number;
  /** Fetches the site's ymlUrl and imports it as the CRM would; a failed load keeps the previous catalog. */
  loadCatalog(siteCode: string): Promise<CrmCatalogLoad>;
  snapshot(): CrmSimSnapshot;
  /** Back to the seed: data, keys, faults, request log and rate-limit windows (the limit from the options). */
  reset(): void;
}

export type { CrmApiKeySpec, CrmCatalogLoad, CrmFailNextOptions, CrmFaultSettings, CrmSiteSpec };

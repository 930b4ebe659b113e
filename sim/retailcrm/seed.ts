import { createSeedReferences, type CrmSite } from "./references";
import { allocateId, createEmptyState, type CrmSimState } from "./state";

export type CrmSimSeed = "default" | "empty";

export interface CrmSiteSpec {
  code: string;
  name?: string;
  currency?: string;
  countryIso?: string;
  url?: string;
  ymlUrl?: string;
}

/**
 * "default": sites shop-1 (USD, US) and shop-2 (EUR, DE) plus the demo dictionaries.
 * "empty": the same dictionaries (an account cannot take orders without them) and no sites.
 * Neither seed has API keys.
 */
export function createSeededState(seed: CrmSimSeed): CrmSimState {
  const state = createEmptyState(createSeedReferences());
  if (seed === "default") {
    addSiteToState(state, { code: "shop-1", name: "Shop 1", currency: "USD", countryIso: "US" });
    addSiteToState(state, { code: "shop-2", name: "Shop 2", currency: "EUR", countryIso: "DE" });
  }
  return state;
}

export function addSiteToState(state: CrmSimState, spec: CrmSiteSpec): CrmSite {
  if (!/^[a-zA-Z0-9_-]+$/.test(spec.code)) {
    throw new Error(`Site code "${spec.code}" is invalid: use letters, digits, "-" and "_".`);
  }
  const existing = state.sites.get(spec.code);
  const id = existing?.id ?? allocateId(state, "site");
  const site: CrmSite = {
    ...existing,
    id,
    code: spec.code,
    name: spec.name ?? existing?.name ?? spec.code,
    url: spec.url ?? existing?.url ?? `https://${spec.code}.example.com`,
    countryIso: spec.countryIso ?? existing?.countryIso ?? "US",
    currency: spec.currency ?? existing?.currency ?? "USD",
    defaultForCrm: existing?.defaultForCrm ?? state.sites.size === 0,
    loadFromYml: existing?.loadFromYml ?? spec.ymlUrl !== undefined,
    catalogId: existing?.catalogId ?? id,
    isCatalogMainSite: existing?.isCatalogMainSite ?? true,
    ordering: existing?.ordering ?? id * 10,
  };
  const ymlUrl = spec.ymlUrl ?? existing?.ymlUrl;
  if (ymlUrl !== undefined) site.ymlUrl = ymlUrl;
  state.sites.set(site.code, site);
  return site;
}

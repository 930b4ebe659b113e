export { createCrmSimulator } from "./simulator";
export { CRM_SCOPES, type CrmApiKey, type CrmScope } from "./auth";
export type {
  CrmApiKeySpec,
  CrmCatalogLoad,
  CrmFailNextOptions,
  CrmFaultSettings,
  CrmSimCatalog,
  CrmSimCustomer,
  CrmSimHistoryRecord,
  CrmSimOptions,
  CrmSimOrder,
  CrmSimPayment,
  CrmSimRequestRecord,
  CrmSimSite,
  CrmSimSnapshot,
  CrmSimulator,
  CrmSiteSpec,
  CrmUserEditTarget,
} from "./types";
export type { CrmSimSeed } from "./seed";
export type { CrmReferences } from "./references";
export type { CrmWriter } from "./state";

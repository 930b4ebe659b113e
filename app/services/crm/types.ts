import type { z } from "zod";
import type { CrmQueryValue } from "./encoding";
import type {
  crmAddressSchema,
  crmCredentialsSchema,
  crmCustomerHistoryEntrySchema,
  crmCustomerSchema,
  crmDeliveryTypeSchema,
  crmIntegrationModuleSchema,
  crmOrderHistoryEntrySchema,
  crmOrderItemSchema,
  crmOrderMethodSchema,
  crmOrderSchema,
  crmPaginationSchema,
  crmPaymentSchema,
  crmPaymentStatusSchema,
  crmPaymentTypeSchema,
  crmSiteSchema,
  crmStatusSchema,
} from "./schemas";

// What RetailCRM sends back.
export type CrmPagination = z.output<typeof crmPaginationSchema>;
export type CrmAddress = z.output<typeof crmAddressSchema>;
export type CrmCustomer = z.output<typeof crmCustomerSchema>;
export type CrmOrder = z.output<typeof crmOrderSchema>;
export type CrmOrderItem = z.output<typeof crmOrderItemSchema>;
export type CrmPayment = z.output<typeof crmPaymentSchema>;
export type CrmSite = z.output<typeof crmSiteSchema>;
export type CrmStatus = z.output<typeof crmStatusSchema>;
export type CrmPaymentType = z.output<typeof crmPaymentTypeSchema>;
export type CrmPaymentStatus = z.output<typeof crmPaymentStatusSchema>;
export type CrmDeliveryType = z.output<typeof crmDeliveryTypeSchema>;
export type CrmOrderMethod = z.output<typeof crmOrderMethodSchema>;
export type CrmCredentials = z.output<typeof crmCredentialsSchema>;
export type CrmIntegrationModule = z.output<typeof crmIntegrationModuleSchema>;
export type CrmOrderHistoryEntry = z.output<typeof crmOrderHistoryEntrySchema>;
export type CrmCustomerHistoryEntry = z.output<typeof crmCustomerHistoryEntrySchema>;

/** One page of a list endpoint. */
export type CrmPage<T> = { items: T[]; pagination: CrmPagination };

/** One page of a history endpoint; `lastId` is the cursor to store before applying the entries. */
export type CrmHistoryPage<T> = { entries: T[]; lastId: number | undefined; generatedAt?: string; pagination: CrmPagination };

/** An order, customer or payment named by RetailCRM's own id or by the externalId we gave it. */
export type CrmEntityRef = { externalId: string } | { id: number };

export type CrmPageLimit = 20 | 50 | 100;
export type CrmPageOptions = { page?: number; limit?: CrmPageLimit };

// What we send. Only the fields the connector writes are named; RetailCRM accepts more.
export type CrmAddressInput = {
  index?: string;
  countryIso?: string;
  region?: string;
  city?: string;
  street?: string;
  building?: string;
  flat?: string;
  text?: string;
  notes?: string;
};

export type CrmCustomerInput = {
  externalId?: string;
  createdAt?: string;
  firstName?: string;
  lastName?: string;
  patronymic?: string;
  email?: string;
  phones?: { number: string }[];
  address?: CrmAddressInput;
  subscribed?: boolean;
  emailMarketingUnsubscribedAt?: string | null;
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  customFields?: Record<string, unknown>;
  [field: string]: unknown;
};

export type CrmOrderItemInput = {
  id?: number;
  offer?: { externalId?: string; xmlId?: string; id?: number };
  productName?: string;
  initialPrice?: number;
  quantity?: number;
  discountManualAmount?: number;
  discountManualPercent?: number;
  vatRate?: string;
  comment?: string;
  status?: string;
  externalIds?: { code: string; value: string }[];
  properties?: { code?: string; name: string; value: string }[];
  [field: string]: unknown;
};

export type CrmPaymentInput = {
  externalId?: string;
  type: string;
  status?: string;
  amount?: number;
  paidAt?: string;
  comment?: string;
};

export type CrmOrderInput = {
  externalId?: string;
  number?: string;
  createdAt?: string;
  orderType?: string;
  orderMethod?: string;
  status?: string;
  countryIso?: string;
  firstName?: string;
  lastName?: string;
  patronymic?: string;
  phone?: string;
  additionalPhone?: string;
  email?: string;
  customer?: { id?: number; externalId?: string; browserId?: string };
  managerComment?: string;
  customerComment?: string;
  items?: CrmOrderItemInput[];
  delivery?: { code?: string; cost?: number; netCost?: number; date?: string; address?: CrmAddressInput; [field: string]: unknown };
  payments?: CrmPaymentInput[];
  discountManualAmount?: number;
  discountManualPercent?: number;
  customFields?: Record<string, unknown>;
  [field: string]: unknown;
};

export type CrmPaymentCreateInput = CrmPaymentInput & {
  order: { id?: number; externalId?: string; number?: string };
};

export type CrmSiteInput = {
  code?: string;
  name?: string;
  url?: string;
  ymlUrl?: string;
  loadFromYml?: boolean;
  [field: string]: unknown;
};

export type CrmIntegrationModuleInput = {
  code: string;
  integrationCode: string;
  active: boolean;
  name: string;
  logo?: string;
  clientId: string;
  baseUrl: string;
  accountUrl?: string;
  actions?: Record<string, string>;
  availableCountries?: string[];
  integrations?: Record<string, unknown>;
  [field: string]: unknown;
};

export type CrmExternalIdFix = { id: number; externalId: string };

export type CrmCustomerFilter = {
  ids?: number[];
  externalIds?: string[];
  sites?: string[];
  email?: string;
  name?: string;
  tags?: string[];
  dateFrom?: string;
  dateTo?: string;
  [filter: string]: CrmQueryValue;
};

export type CrmOrderFilter = {
  ids?: number[];
  externalIds?: string[];
  numbers?: string[];
  sites?: string[];
  customerId?: number;
  customerExternalId?: string;
  email?: string;
  createdAtFrom?: string;
  createdAtTo?: string;
  extendedStatus?: string[];
  [filter: string]: CrmQueryValue;
};

export type CrmHistoryFilter = {
  sinceId?: number;
  startDate?: string;
  endDate?: string;
};

export type CrmOrderHistoryFilter = CrmHistoryFilter & { orderId?: number; orderExternalId?: string };
export type CrmCustomerHistoryFilter = CrmHistoryFilter & { customerId?: number; customerExternalId?: string };

/** Result of a batch upload: what went in, and each record that did not with the reason in plain words. */
export type CrmUploadResult = {
  uploaded: { id: number; externalId?: string | null }[];
  failed: { externalId: string | undefined; error: string; alreadyExists: boolean }[];
};

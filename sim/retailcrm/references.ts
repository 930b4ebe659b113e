export interface CrmSite {
  id: number;
  code: string;
  name: string;
  url: string;
  description?: string;
  countryIso: string;
  currency: string;
  defaultForCrm: boolean;
  ymlUrl?: string;
  loadFromYml: boolean;
  catalogUpdatedAt?: string;
  catalogLoadingAt?: string;
  catalogId: number;
  isCatalogMainSite: boolean;
  ordering: number;
  [extra: string]: unknown;
}

export interface CrmStatus {
  code: string;
  name: string;
  active: boolean;
  ordering: number;
  group: string;
}

export interface CrmStatusGroup {
  code: string;
  name: string;
  active: boolean;
  ordering: number;
  process: boolean;
}

export interface CrmPaymentType {
  code: string;
  name: string;
  active: boolean;
  defaultForCrm: boolean;
  defaultForApi: boolean;
  description?: string;
  paymentStatuses: string[];
}

export interface CrmPaymentStatus {
  code: string;
  name: string;
  active: boolean;
  defaultForCrm: boolean;
  defaultForApi: boolean;
  paymentComplete: boolean;
  ordering: number;
}

export interface CrmDeliveryType {
  code: string;
  name: string;
  active: boolean;
  defaultForCrm: boolean;
  defaultCost: number;
  defaultNetCost: number;
  /** Payment types allowed with this delivery type. */
  paymentTypes: string[];
  vatRate: string;
  isAutoCostCalculation: boolean;
}

export interface CrmOrderMethod {
  code: string;
  name: string;
  active: boolean;
  defaultForCrm: boolean;
  defaultForApi: boolean;
  isFromPos: boolean;
}

export interface CrmOrderType {
  code: string;
  name: string;
  active: boolean;
  defaultForCrm: boolean;
  defaultForApi: boolean;
  ordering: number;
}

export interface CrmStore {
  code: string;
  name: string;
  active: boolean;
  type: string;
}

export interface CrmReferences {
  statuses: Record<string, CrmStatus>;
  statusGroups: Record<string, CrmStatusGroup>;
  paymentTypes: Record<string, CrmPaymentType>;
  paymentStatuses: Record<string, CrmPaymentStatus>;
  deliveryTypes: Record<string, CrmDeliveryType>;
  orderMethods: Record<string, CrmOrderMethod>;
  orderTypes: Record<string, CrmOrderType>;
  stores: Record<string, CrmStore>;
  countries: string[];
}

export type CrmDictionaryName = Exclude<keyof CrmReferences, "countries">;

const STATUS_GROUPS: Array<[code: string, name: string, statuses: Array<[string, string]>]> = [
  ["new", "New", [["new", "New"]]],
  [
    "approval",
    "Approval",
    [
      ["availability-confirmed", "Availability confirmed"],
      ["client-confirmed", "Client confirmed"],
      ["prepayed", "Prepaid"],
    ],
  ],
  [
    "assembling",
    "Assembling",
    [
      ["send-to-assembling", "Sent to assembling"],
      ["assembling", "Assembling"],
      ["assembling-complete", "Assembled"],
    ],
  ],
  [
    "delivery",
    "Delivery",
    [
      ["send-to-delivery", "Sent to delivery"],
      ["delivering", "Delivering"],
      ["redirect", "Delivery redirected"],
      ["delivered", "Delivered"],
    ],
  ],
  ["complete", "Complete", [["complete", "Complete"]]],
  [
    "cancel",
    "Cancelled",
    [
      ["no-call", "No answer"],
      ["no-product", "Out of stock"],
      ["already-buyed", "Bought elsewhere"],
      ["cancel-other", "Cancelled for another reason"],
    ],
  ],
];

const PAYMENT_STATUS_CODES = ["not-paid", "paid", "pending", "invoice", "payment-start", "fail"];

function keyByCode<T extends { code: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.code, item]));
}

/** The dictionaries of a fresh demo account (reference §4.1). Courier does not accept `credit`. */
export function createSeedReferences(): CrmReferences {
  const statuses: CrmStatus[] = [];
  const statusGroups: CrmStatusGroup[] = [];
  STATUS_GROUPS.forEach(([groupCode, groupName, members], groupIndex) => {
    statusGroups.push({ code: groupCode, name: groupName, active: true, ordering: (groupIndex + 1) * 10, process: true });
    members.forEach(([code, name]) => {
      statuses.push({ code, name, active: true, ordering: statuses.length * 10 + 10, group: groupCode });
    });
  });

  const paymentStatuses: CrmPaymentStatus[] = [
    ["not-paid", "Not paid", false],
    ["paid", "Paid", true],
    ["pending", "Pending", false],
    ["invoice", "Invoice issued", false],
    ["payment-start", "Payment started", false],
    ["fail", "Payment failed", false],
  ].map(([code, name, complete], index) => ({
    code: code as string,
    name: name as string,
    active: true,
    defaultForCrm: code === "not-paid",
    defaultForApi: code === "not-paid",
    paymentComplete: complete as boolean,
    ordering: (index + 1) * 10,
  }));

  const paymentTypes: CrmPaymentType[] = [
    ["cash", "Cash"],
    ["bank-card", "Bank card"],
    ["bank-transfer", "Bank transfer"],
    ["credit", "Credit"],
    ["e-money", "E-money"],
  ].map(([code, name]) => ({
    code: code as string,
    name: name as string,
    active: true,
    defaultForCrm: code === "cash",
    defaultForApi: code === "cash",
    paymentStatuses: [...PAYMENT_STATUS_CODES],
  }));

  const deliveryTypes: CrmDeliveryType[] = [
    { code: "courier", name: "Courier", paymentTypes: ["cash", "bank-card", "bank-transfer", "e-money"] },
    { code: "self-delivery", name: "Pickup", paymentTypes: ["cash", "bank-card", "bank-transfer", "credit", "e-money"] },
    { code: "russian-post", name: "Russian Post", paymentTypes: ["bank-card", "bank-transfer", "credit", "e-money"] },
  ].map((type) => ({
    ...type,
    active: true,
    defaultForCrm: type.code === "courier",
    defaultCost: 0,
    defaultNetCost: 0,
    vatRate: "none",
    isAutoCostCalculation: false,
  }));

  const orderMethods: CrmOrderMethod[] = [
    ["phone", "Phone"],
    ["shopping-cart", "Shopping cart"],
    ["one-click", "One click"],
    ["landing-page", "Landing page"],
    ["offline", "Offline"],
    ["app", "Mobile app"],
    ["live-chat", "Live chat"],
    ["messenger", "Messenger"],
  ].map(([code, name]) => ({
    code: code as string,
    name: name as string,
    active: true,
    defaultForCrm: code === "phone",
    defaultForApi: code === "shopping-cart",
    isFromPos: false,
  }));

  const orderTypes: CrmOrderType[] = [
    { code: "eshop-individual", name: "Individual", ordering: 10 },
    { code: "eshop-legal", name: "Legal entity", ordering: 20 },
  ].map((type) => ({
    ...type,
    active: true,
    defaultForCrm: type.code === "eshop-individual",
    defaultForApi: type.code === "eshop-individual",
  }));

  return {
    statuses: keyByCode(statuses),
    statusGroups: keyByCode(statusGroups),
    paymentTypes: keyByCode(paymentTypes),
    paymentStatuses: keyByCode(paymentStatuses),
    deliveryTypes: keyByCode(deliveryTypes),
    orderMethods: keyByCode(orderMethods),
    orderTypes: keyByCode(orderTypes),
    stores: keyByCode([{ code: "main", name: "Main warehouse", active: true, type: "store-type-warehouse" }]),
    countries: ["US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "RU", "UA", "KZ", "BY", "AU", "MX", "BR"],
  };
}

export function findDefaultForApi<T extends { code: string; defaultForApi: boolean; active: boolean }>(
  dictionary: Record<string, T>,
): string | undefined {
  return Object.values(dictionary).find((item) => item.defaultForApi && item.active)?.code;
}

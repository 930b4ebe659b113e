import { z } from "zod";
import { CrmApiError, CRM_MESSAGES, createAccessDeniedError } from "../api-errors";
import { respondOk, type CrmApiContext, type CrmApiRoute } from "../api-context";
import { canReachSite, listReachableSites } from "../auth";
import { formatIssues } from "../entities/input-schemas";
import type { CrmDictionaryName, CrmReferences } from "../references";
import { readJsonParam } from "../request-params";
import { addSiteToState } from "../seed";

function listSites(ctx: CrmApiContext) {
  const sites = listReachableSites(ctx.state, ctx.key).map((code) => structuredClone(ctx.state.sites.get(code)));
  return respondOk({ sites: keyedOrEmpty(sites.filter((site) => site !== undefined)) });
}

/** Dictionaries come back as objects keyed by code, and as `[]` when empty. */
function keyedOrEmpty<T extends { code: string }>(items: T[]): Record<string, T> | never[] {
  return items.length > 0 ? Object.fromEntries(items.map((item) => [item.code, item])) : [];
}

function renderDictionary(references: CrmReferences, name: CrmDictionaryName): Array<{ code: string }> {
  const deliveryTypes = Object.values(references.deliveryTypes);
  const paymentTypes = Object.values(references.paymentTypes);
  switch (name) {
    case "statusGroups":
      return Object.values(references.statusGroups).map((group) => ({
        ...group,
        statuses: Object.values(references.statuses)
          .filter((status) => status.group === group.code)
          .map((status) => status.code),
      }));
    case "paymentTypes":
      return paymentTypes.map((type) => ({
        ...structuredClone(type),
        deliveryTypes: deliveryTypes.filter((delivery) => delivery.paymentTypes.includes(type.code)).map((delivery) => delivery.code),
      }));
    case "paymentStatuses":
      return Object.values(references.paymentStatuses).map((status) => ({
        ...status,
        paymentTypes: paymentTypes.filter((type) => type.paymentStatuses.includes(status.code)).map((type) => type.code),
      }));
    case "deliveryTypes":
      return deliveryTypes.map((type) => ({
        ...structuredClone(type),
        deliveryPaymentTypes: type.paymentTypes.map((code) => ({ code, cod: false })),
        deliveryServices: [],
        sites: [],
      }));
    default:
      return Object.values(references[name]).map((item) => structuredClone(item));
  }
}

const DICTIONARIES: Array<{ path: string; name: CrmDictionaryName; payloadKey: string; bodyField: string }> = [
  { path: "statuses", name: "statuses", payloadKey: "statuses", bodyField: "status" },
  { path: "status-groups", name: "statusGroups", payloadKey: "statusGroups", bodyField: "statusGroup" },
  { path: "payment-types", name: "paymentTypes", payloadKey: "paymentTypes", bodyField: "paymentType" },
  { path: "payment-statuses", name: "paymentStatuses", payloadKey: "paymentStatuses", bodyField: "paymentStatus" },
  { path: "delivery-types", name: "deliveryTypes", payloadKey: "deliveryTypes", bodyField: "deliveryType" },
  { path: "order-methods", name: "orderMethods", payloadKey: "orderMethods", bodyField: "orderMethod" },
  { path: "order-types", name: "orderTypes", payloadKey: "orderTypes", bodyField: "orderType" },
  { path: "stores", name: "stores", payloadKey: "stores", bodyField: "store" },
];

const dictionaryEditSchemas: Record<CrmDictionaryName, z.ZodType<Record<string, unknown>>> = {
  statuses: z.object({ name: z.string(), active: z.boolean(), ordering: z.number().int(), group: z.string() }).partial(),
  statusGroups: z.object({ name: z.string(), active: z.boolean(), ordering: z.number().int(), process: z.boolean() }).partial(),
  paymentTypes: z
    .object({
      name: z.string(),
      active: z.boolean(),
      defaultForCrm: z.boolean(),
      defaultForApi: z.boolean(),
      description: z.string(),
      paymentStatuses: z.array(z.string()),
    })
    .partial(),
  paymentStatuses: z
    .object({
      name: z.string(),
      active: z.boolean(),
      defaultForCrm: z.boolean(),
      defaultForApi: z.boolean(),
      paymentComplete: z.boolean(),
      ordering: z.number().int(),
    })
    .partial(),
  deliveryTypes: z
    .object({
      name: z.string(),
      active: z.boolean(),
      defaultForCrm: z.boolean(),
      defaultCost: z.number(),
      defaultNetCost: z.number(),
      paymentTypes: z.array(z.string()),
      vatRate: z.string(),
    })
    .partial(),
  orderMethods: z
    .object({ name: z.string(), active: z.boolean(), defaultForCrm: z.boolean(), defaultForApi: z.boolean() })
    .partial(),
  orderTypes: z
    .object({
      name: z.string(),
      active: z.boolean(),
      defaultForCrm: z.boolean(),
      defaultForApi: z.boolean(),
      ordering: z.number().int(),
    })
    .partial(),
  stores: z.object({ name: z.string(), active: z.boolean(), type: z.string() }).partial(),
};

const DICTIONARY_DEFAULTS: Record<CrmDictionaryName, Record<string, unknown>> = {
  statuses: { active: true, ordering: 990 },
  statusGroups: { active: true, ordering: 990, process: true },
  paymentTypes: { active: true, defaultForCrm: false, defaultForApi: false, paymentStatuses: [] },
  paymentStatuses: { active: true, defaultForCrm: false, defaultForApi: false, paymentComplete: false, ordering: 990 },
  deliveryTypes: {
    active: true,
    defaultForCrm: false,
    defaultCost: 0,
    defaultNetCost: 0,
    paymentTypes: [],
    vatRate: "none",
    isAutoCostCalculation: false,
  },
  orderMethods: { active: true, defaultForCrm: false, defaultForApi: false, isFromPos: false },
  orderTypes: { active: true, defaultForCrm: false, defaultForApi: false, ordering: 990 },
  stores: { active: true, type: "store-type-warehouse" },
};

/** Upsert of one dictionary entry: a new code needs a name (and a known group for statuses). */
function editDictionaryEntry(ctx: CrmApiContext, name: CrmDictionaryName, bodyField: string) {
  const code = ctx.pathParams.code ?? "";
  const raw = readJsonParam(ctx.params, bodyField);
  const parsed = dictionaryEditSchemas[name].safeParse(raw);
  if (!parsed.success) throw new CrmApiError(400, CRM_MESSAGES.entityFormat, formatIssues(parsed.error.issues));
  const dictionary = ctx.state.references[name] as unknown as Record<string, Record<string, unknown>>;
  const existing = dictionary[code];
  const entry: Record<string, unknown> = { ...(existing ?? DICTIONARY_DEFAULTS[name]), ...parsed.data, code };
  const errors: Record<string, string> = {};
  if (!entry.name) errors.name = "This value should not be blank.";
  if (name === "statuses" && !ctx.state.references.statusGroups[String(entry.group)]) {
    errors.group = `Status group "${String(entry.group)}" does not exist.`;
  }
  if (name === "deliveryTypes") {
    for (const type of (entry.paymentTypes ?? []) as string[]) {
      if (!ctx.state.references.paymentTypes[type]) errors.paymentTypes = `Payment type "${type}" does not exist.`;
    }
  }
  if (Object.keys(errors).length > 0) throw new CrmApiError(400, CRM_MESSAGES.entityFormat, errors);
  dictionary[code] = entry;
  return respondOk({}, existing ? 200 : 201);
}

const siteEditSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    url: z.string(),
    description: z.string(),
    countryIso: z.string().regex(/^[A-Z]{2}$/),
    currency: z.string().regex(/^[A-Z]{3}$/),
    ymlUrl: z.string().nullable(),
    loadFromYml: z.boolean(),
    defaultForCrm: z.boolean(),
    contragent: z.record(z.string(), z.unknown()),
    senderName: z.string(),
    senderEmail: z.string(),
  })
  .partial();

/** `reference/sites/{code}/edit`: updates a site the key reaches; only an access_full key may create one. */
function editSite(ctx: CrmApiContext) {
  const code = ctx.pathParams.code ?? "";
  const raw = readJsonParam(ctx.params, "site");
  const parsed = siteEditSchema.safeParse(raw);
  if (!parsed.success) throw new CrmApiError(400, CRM_MESSAGES.entityFormat, formatIssues(parsed.error.issues));
  const input = parsed.data;
  if (input.code !== undefined && input.code !== code) {
    throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { code: "The code in the body must match the code in the URL." });
  }
  const existing = ctx.state.sites.get(code);
  if (existing ? !canReachSite(ctx.state, ctx.key, code) : ctx.key.sites !== "all") throw createAccessDeniedError();
  if (!existing && !input.name) throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { name: "This value should not be blank." });
  const { ymlUrl, ...rest } = input;
  const site = addSiteToState(ctx.state, { code, ...(ymlUrl ? { ymlUrl } : {}), ...pickSiteSpec(rest) });
  Object.assign(site, rest, { code });
  if (ymlUrl === null) delete site.ymlUrl;
  return respondOk({}, existing ? 200 : 201);
}

function pickSiteSpec(input: z.infer<typeof siteEditSchema>) {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.currency !== undefined ? { currency: input.currency } : {}),
    ...(input.countryIso !== undefined ? { countryIso: input.countryIso } : {}),
  };
}

export const referenceRoutes: CrmApiRoute[] = [
  { method: "GET", path: "/api/v5/reference/sites", scope: "reference_read", handle: listSites },
  { method: "POST", path: "/api/v5/reference/sites/:code/edit", scope: "reference_write", handle: editSite },
  {
    method: "GET",
    path: "/api/v5/reference/countries",
    scope: "reference_read",
    handle: (ctx) => respondOk({ countriesIso: [...ctx.state.references.countries] }),
  },
  ...DICTIONARIES.flatMap(({ path, name, payloadKey, bodyField }): CrmApiRoute[] => [
    {
      method: "GET",
      path: `/api/v5/reference/${path}`,
      scope: "reference_read",
      handle: (ctx) => respondOk({ [payloadKey]: keyedOrEmpty(renderDictionary(ctx.state.references, name)) }),
    },
    {
      method: "POST",
      path: `/api/v5/reference/${path}/:code/edit`,
      scope: "reference_write",
      handle: (ctx) => editDictionaryEntry(ctx, name, bodyField),
    },
  ]),
];

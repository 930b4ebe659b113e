import {
  buildCustomerDeletePayload,
  buildCustomerPayload,
  buildCustomerTagsPayload,
  buildEmailConsentPayload,
  buildSmsConsentPayload,
} from "../webhooks/payloads";
import { isValidEmail, normalizePhone, normalizeTags, sortTags } from "./normalize";
import { fail, succeed, type SimResult, type SimShopContext, type SimUserError } from "./shop-state";
import type {
  SimAddress,
  SimCustomer,
  SimCustomerAddress,
  SimCustomerState,
  SimEmailMarketingState,
  SimOptInLevel,
  SimSmsMarketingState,
} from "./types";

export interface SimAddressInput {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  countryCode?: string | null;
  zip?: string | null;
  phone?: string | null;
}

export interface SimConsentInput<State extends string> {
  marketingState: State;
  marketingOptInLevel?: SimOptInLevel | null;
  consentUpdatedAt?: string | null;
}

/** The fields a merchant (or the API) can set on a customer; omitted fields stay as they are. */
export interface SimCustomerInput {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  locale?: string | null;
  taxExempt?: boolean | null;
  multipassIdentifier?: string | null;
  state?: SimCustomerState;
  verifiedEmail?: boolean;
  /** Replaces the address list; the first address becomes the default one. */
  addresses?: SimAddressInput[] | null;
  emailMarketingConsent?: SimConsentInput<SimEmailMarketingState> | null;
  smsMarketingConsent?: SimConsentInput<SimSmsMarketingState> | null;
}

export interface SimCustomerRules {
  /** Prefix of `field` in user errors: `[]` for customerCreate, `["input"]` for customerSet. */
  fieldPrefix: string[];
}

const CUSTOMER_RULES: SimCustomerRules = { fieldPrefix: [] };

export function findCustomerByEmail(ctx: SimShopContext, email: string): SimCustomer | undefined {
  const wanted = email.trim().toLowerCase();
  return [...ctx.state.customers.values()].find((customer) => customer.email?.toLowerCase() === wanted);
}

export function findCustomerByPhone(ctx: SimShopContext, phone: string): SimCustomer | undefined {
  const normalized = normalizePhone(phone, ctx.state.info.countryCode) ?? phone;
  return [...ctx.state.customers.values()].find((customer) => customer.phone === normalized);
}

export function createCustomer(
  ctx: SimShopContext,
  input: SimCustomerInput,
  rules: SimCustomerRules = CUSTOMER_RULES,
): SimResult<SimCustomer> {
  const now = ctx.stamp();
  const draft: SimCustomer = {
    id: ctx.nextId(),
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    note: null,
    tags: [],
    state: "DISABLED",
    locale: "en",
    taxExempt: false,
    verifiedEmail: true,
    multipassIdentifier: null,
    emailConsent: null,
    smsConsent: null,
    addresses: [],
    defaultAddressId: null,
    createdAt: now,
    updatedAt: now,
  };
  const errors = applyCustomerInput(ctx, draft, input, rules);
  if (errors.length === 0 && !draft.firstName && !draft.lastName && !draft.email && !draft.phone) {
    errors.push({ field: null, message: "Customer must have a name, phone number or email address" });
  }
  if (errors.length > 0) return fail(...errors);
  if (draft.email && !draft.emailConsent) draft.emailConsent = { state: "NOT_SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: null };
  if (draft.phone && !draft.smsConsent) draft.smsConsent = { state: "NOT_SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: null };

  ctx.state.customers.set(draft.id, draft);
  ctx.emit("customers/create", buildCustomerPayload(ctx.state, draft));
  if (draft.tags.length > 0) ctx.emit("customer.tags_added", buildCustomerTagsPayload(draft.id, draft.tags, now));
  if (input.emailMarketingConsent && draft.emailConsent) {
    ctx.emit("customers_email_marketing_consent/update", buildEmailConsentPayload(ctx.state, draft, draft.emailConsent));
  }
  if (input.smsMarketingConsent && draft.smsConsent) {
    ctx.emit("customers_marketing_consent/update", buildSmsConsentPayload(ctx.state, draft, draft.smsConsent));
  }
  return succeed(draft);
}

/** Applies a change; an update that changes nothing keeps `updatedAt` and sends no webhook. */
export function updateCustomer(
  ctx: SimShopContext,
  id: number,
  input: SimCustomerInput,
  rules: SimCustomerRules = CUSTOMER_RULES,
): SimResult<SimCustomer> {
  const current = ctx.state.customers.get(id);
  if (!current) return fail({ field: [...rules.fieldPrefix, "id"], message: "Customer does not exist", code: "NOT_FOUND" });
  const draft: SimCustomer = structuredClone(current);
  const errors = applyCustomerInput(ctx, draft, input, rules);
  if (errors.length === 0 && !draft.firstName && !draft.lastName && !draft.email && !draft.phone) {
    errors.push({ field: null, message: "Customer must have a name, phone number or email address" });
  }
  if (errors.length > 0) return fail(...errors);
  if (JSON.stringify(draft) === JSON.stringify(current)) return succeed(current);

  draft.updatedAt = ctx.stamp(current.updatedAt);
  ctx.state.customers.set(id, draft);
  ctx.emit("customers/update", buildCustomerPayload(ctx.state, draft));
  const lower = (tags: string[]) => new Set(tags.map((tag) => tag.toLowerCase()));
  const before = lower(current.tags);
  const after = lower(draft.tags);
  const added = draft.tags.filter((tag) => !before.has(tag.toLowerCase()));
  const removed = current.tags.filter((tag) => !after.has(tag.toLowerCase()));
  if (added.length > 0) ctx.emit("customer.tags_added", buildCustomerTagsPayload(id, added, draft.updatedAt));
  if (removed.length > 0) ctx.emit("customer.tags_removed", buildCustomerTagsPayload(id, removed, draft.updatedAt));
  if (draft.emailConsent && JSON.stringify(draft.emailConsent) !== JSON.stringify(current.emailConsent)) {
    ctx.emit("customers_email_marketing_consent/update", buildEmailConsentPayload(ctx.state, draft, draft.emailConsent));
  }
  if (draft.smsConsent && JSON.stringify(draft.smsConsent) !== JSON.stringify(current.smsConsent)) {
    ctx.emit("customers_marketing_consent/update", buildSmsConsentPayload(ctx.state, draft, draft.smsConsent));
  }
  return succeed(draft);
}

export function changeCustomerTags(
  ctx: SimShopContext,
  id: number,
  tags: string[],
  change: "add" | "remove",
): SimResult<SimCustomer> {
  const customer = ctx.state.customers.get(id);
  if (!customer) return fail({ field: ["id"], message: "Customer does not exist" });
  const wanted = normalizeTags(tags);
  const removing = new Set(wanted.map((tag) => tag.toLowerCase()));
  const next =
    change === "add"
      ? [...customer.tags, ...wanted]
      : customer.tags.filter((tag) => !removing.has(tag.toLowerCase()));
  return updateCustomer(ctx, id, { tags: next });
}

export function deleteCustomer(ctx: SimShopContext, id: number): SimResult<number> {
  if (!ctx.state.customers.has(id)) return fail({ field: ["id"], message: "Customer does not exist" });
  const hasOrders = [...ctx.state.orders.values()].some((order) => order.customerId === id);
  if (hasOrders) return fail({ field: ["id"], message: "Customer can’t be deleted because they have associated orders" });
  ctx.state.customers.delete(id);
  ctx.emit("customers/delete", buildCustomerDeletePayload(id));
  return succeed(id);
}

function applyCustomerInput(
  ctx: SimShopContext,
  draft: SimCustomer,
  input: SimCustomerInput,
  rules: SimCustomerRules,
): SimUserError[] {
  const errors: SimUserError[] = [];
  const field = (name: string) => [...rules.fieldPrefix, name];
  if (input.firstName !== undefined) draft.firstName = blankToNull(input.firstName);
  if (input.lastName !== undefined) draft.lastName = blankToNull(input.lastName);
  if (input.note !== undefined) draft.note = blankToNull(input.note);
  if (input.locale) draft.locale = input.locale;
  if (input.taxExempt !== undefined && input.taxExempt !== null) draft.taxExempt = input.taxExempt;
  if (input.multipassIdentifier !== undefined) draft.multipassIdentifier = blankToNull(input.multipassIdentifier);
  if (input.state) draft.state = input.state;
  if (input.verifiedEmail !== undefined) draft.verifiedEmail = input.verifiedEmail;
  if (input.tags !== undefined && input.tags !== null) draft.tags = sortTags(normalizeTags(input.tags));

  if (input.email !== undefined) {
    const email = blankToNull(input.email)?.trim() ?? null;
    if (email !== null && !isValidEmail(email)) {
      errors.push({ field: field("email"), message: "Email is invalid", code: "INVALID" });
    } else if (email !== null && findOther(findCustomerByEmail(ctx, email), draft)) {
      errors.push({ field: field("email"), message: "Email has already been taken", code: "TAKEN" });
    } else {
      draft.email = email;
    }
  }
  if (input.phone !== undefined) {
    const raw = blankToNull(input.phone);
    const phone = raw === null ? null : normalizePhone(raw, ctx.state.info.countryCode);
    if (raw !== null && phone === null) {
      errors.push({ field: field("phone"), message: "Phone is invalid", code: "INVALID" });
    } else if (phone !== null && findOther(findCustomerByPhone(ctx, phone), draft)) {
      errors.push({ field: field("phone"), message: "Phone has already been taken", code: "TAKEN" });
    } else {
      draft.phone = phone;
    }
  }
  if (input.addresses !== undefined && input.addresses !== null) {
    draft.addresses = replaceAddresses(ctx, draft.addresses, input.addresses);
    draft.defaultAddressId = draft.addresses[0]?.id ?? null;
  }
  if (input.emailMarketingConsent) {
    if (!draft.email) {
      errors.push({
        field: field("emailMarketingConsent"),
        message: "An email address is required to set the email marketing consent state.",
        code: "INVALID",
      });
    } else {
      draft.emailConsent = {
        state: input.emailMarketingConsent.marketingState,
        optInLevel: input.emailMarketingConsent.marketingOptInLevel ?? "SINGLE_OPT_IN",
        updatedAt: consentTime(ctx, input.emailMarketingConsent.consentUpdatedAt),
      };
    }
  }
  if (input.smsMarketingConsent) {
    if (!draft.phone) {
      errors.push({
        field: field("smsMarketingConsent"),
        message: "A phone number is required to set the SMS consent state.",
        code: "INVALID",
      });
    } else {
      draft.smsConsent = {
        state: input.smsMarketingConsent.marketingState,
        optInLevel: input.smsMarketingConsent.marketingOptInLevel ?? "SINGLE_OPT_IN",
        updatedAt: consentTime(ctx, input.smsMarketingConsent.consentUpdatedAt),
      };
    }
  }
  return errors;
}

function consentTime(ctx: SimShopContext, value: string | null | undefined): number {
  const parsed = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(parsed) ? ctx.stamp() : Math.floor(parsed / 1000) * 1000;
}

function findOther(found: SimCustomer | undefined, self: SimCustomer): boolean {
  return found !== undefined && found.id !== self.id;
}

function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.trim() === "" ? null : value;
}

export function toSimAddress(input: SimAddressInput): SimAddress {
  return {
    firstName: blankToNull(input.firstName),
    lastName: blankToNull(input.lastName),
    company: blankToNull(input.company),
    address1: blankToNull(input.address1),
    address2: blankToNull(input.address2),
    city: blankToNull(input.city),
    province: blankToNull(input.province) ?? blankToNull(input.provinceCode),
    provinceCode: blankToNull(input.provinceCode),
    countryCode: blankToNull(input.countryCode)?.toUpperCase() ?? null,
    zip: blankToNull(input.zip),
    phone: blankToNull(input.phone),
  };
}

/** Replaces the list, keeping the ids of addresses that did not change. */
function replaceAddresses(
  ctx: SimShopContext,
  existing: SimCustomerAddress[],
  inputs: SimAddressInput[],
): SimCustomerAddress[] {
  const unused = [...existing];
  return inputs.map((input) => {
    const address = toSimAddress(input);
    const index = unused.findIndex(({ id: _id, ...rest }) => JSON.stringify(rest) === JSON.stringify(address));
    if (index >= 0) {
      const [kept] = unused.splice(index, 1);
      if (kept) return kept;
    }
    return { id: ctx.nextId(), ...address };
  });
}

import { z } from "zod";
import type { CrmRequester } from "./request";
import {
  crmDeliveryTypeSchema,
  crmMapOf,
  crmOrderMethodSchema,
  crmPaymentStatusSchema,
  crmPaymentTypeSchema,
  crmSiteSchema,
  crmStatusSchema,
} from "./schemas";
import type { CrmSiteInput } from "./types";

function fetchDictionary<T extends z.ZodType>(request: CrmRequester, dictionary: string, key: string, item: T, subject: string) {
  return async (): Promise<Record<string, z.output<T>>> => {
    const body = await request.sendParsed(
      { method: "GET", path: `/api/v5/reference/${dictionary}`, subject },
      z.object({ [key]: crmMapOf(item) }),
    );
    return body[key] as Record<string, z.output<T>>;
  };
}

/** Dictionaries (`/api/v5/reference/*`), each an object keyed by code. */
export function createCrmReferenceApi(request: CrmRequester) {
  return {
    /** Only the sites this API key can reach. */
    sites: fetchDictionary(request, "sites", "sites", crmSiteSchema, "the list of sites"),
    statuses: fetchDictionary(request, "statuses", "statuses", crmStatusSchema, "the order statuses"),
    paymentTypes: fetchDictionary(request, "payment-types", "paymentTypes", crmPaymentTypeSchema, "the payment types"),
    paymentStatuses: fetchDictionary(request, "payment-statuses", "paymentStatuses", crmPaymentStatusSchema, "the payment statuses"),
    deliveryTypes: fetchDictionary(request, "delivery-types", "deliveryTypes", crmDeliveryTypeSchema, "the delivery types"),
    orderMethods: fetchDictionary(request, "order-methods", "orderMethods", crmOrderMethodSchema, "the order methods"),

    /** ISO 3166-1 alpha-2 codes of the countries the account works with. */
    async countries(): Promise<string[]> {
      const body = await request.sendParsed(
        { method: "GET", path: "/api/v5/reference/countries", subject: "the list of countries" },
        z.object({ countriesIso: z.array(z.string()) }),
      );
      return body.countriesIso;
    },

    /** Changes a site's settings, e.g. `{ ymlUrl, loadFromYml: true }` to point it at our ICML catalog. */
    async editSite(code: string, site: CrmSiteInput): Promise<void> {
      await request.send({
        method: "POST",
        path: `/api/v5/reference/sites/${encodeURIComponent(code)}/edit`,
        form: { site: { ...site, code } },
        subject: `the settings of site ${code}`,
      });
    },
  };
}

export type CrmReferenceApi = ReturnType<typeof createCrmReferenceApi>;

import { cleanText } from "./contact";
import type { MappingNote } from "./result";
import type { CrmAddressInput, ShopifyMailingAddress, ShopifyRestAddress } from "./types";

/** The address fields the CRM needs, whichever Shopify API the address came from. */
export interface ShopifyAddressFields {
  readonly address1?: string | null;
  readonly address2?: string | null;
  readonly city?: string | null;
  readonly province?: string | null;
  readonly provinceCode?: string | null;
  readonly zip?: string | null;
  readonly countryCode?: string | null;
}

/** Separator between Shopify's two street lines in the CRM `text`, so they can be split again on the way back. */
export const CRM_ADDRESS_LINE_SEPARATOR = "||";

export function readRestAddress(address: ShopifyRestAddress | null | undefined): ShopifyAddressFields | undefined {
  if (!address) return undefined;
  return {
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    provinceCode: address.province_code,
    zip: address.zip,
    countryCode: address.country_code,
  };
}

export function readMailingAddress(address: ShopifyMailingAddress | null | undefined): ShopifyAddressFields | undefined {
  if (!address) return undefined;
  return {
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    provinceCode: address.provinceCode,
    zip: address.zip,
    countryCode: address.countryCodeV2,
  };
}

/** ISO 3166-1 alpha-2 in upper case, or undefined. */
export function readCountryIso(value: string | null | undefined): string | undefined {
  const code = cleanText(value)?.toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) ? code : undefined;
}

/**
 * Shopify address → CRM address. `text` is `address1||address2` (no spaces around the separator) when the
 * second line is filled, else address1. A missing or empty address gives undefined: not an error.
 */
export function mapAddressToCrm(
  address: ShopifyAddressFields | undefined,
  path: string,
  notes: MappingNote[],
): CrmAddressInput | undefined {
  if (!address) return undefined;
  const line1 = cleanText(address.address1);
  const line2 = cleanText(address.address2);
  const crm: CrmAddressInput = {};
  const text = line2 === undefined ? line1 : `${line1 ?? ""}${CRM_ADDRESS_LINE_SEPARATOR}${line2}`;
  if (text !== undefined) crm.text = text;
  const zip = cleanText(address.zip);
  if (zip !== undefined) crm.index = zip;
  const region = cleanText(address.province) ?? cleanText(address.provinceCode);
  if (region !== undefined) crm.region = region;
  const city = cleanText(address.city);
  if (city !== undefined) crm.city = city;
  const typedCountry = cleanText(address.countryCode);
  const countryIso = readCountryIso(typedCountry);
  if (countryIso !== undefined) crm.countryIso = countryIso;
  else if (typedCountry !== undefined) {
    notes.push({
      path,
      message: `Country code "${typedCountry}" is not a two-letter ISO code; the address was sent without a country. Fix the country in Shopify.`,
    });
  }
  return Object.keys(crm).length === 0 ? undefined : crm;
}

import type { MappingNote } from "./result";

/** Trimmed text, or undefined when nothing is left. */
export function cleanText(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/**
 * An e-mail the CRM will accept, or undefined. A value that does not look like an e-mail is left out with a
 * note so the record still syncs (the CRM would refuse the whole record for it).
 */
export function readEmail(value: string | null | undefined, path: string, notes: MappingNote[]): string | undefined {
  const email = cleanText(value);
  if (email === undefined) return undefined;
  if (EMAIL_PATTERN.test(email)) return email;
  notes.push({
    path,
    message: `E-mail "${email}" does not look like an e-mail address, so it was not sent to the CRM. Correct it in Shopify.`,
  });
  return undefined;
}

/** CRM customer externalId for a Shopify customer id; the same rule for customers and for order references. */
export function buildCustomerExternalId(shopifyCustomerId: string, prefix = ""): string {
  return `${prefix}${shopifyCustomerId}`;
}

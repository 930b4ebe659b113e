import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/** Shopify splits tags on commas, trims them and drops case-insensitive duplicates. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags.flatMap((item) => item.split(","))) {
    const trimmed = tag.trim();
    if (!trimmed || seen.has(trimmed.toLowerCase())) continue;
    seen.add(trimmed.toLowerCase());
    result.push(trimmed);
  }
  return result;
}

export function sortTags(tags: readonly string[]): string[] {
  return [...tags].sort((a, b) => a.localeCompare(b));
}

/** Shopify stores customer phones in E.164, reading national numbers with the shop's country. */
export function normalizePhone(phone: string, defaultCountry: string): string | null {
  const parsed = parsePhoneNumberFromString(phone, defaultCountry as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export function isValidEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

export function countryNameOf(countryCode: string | null): string | null {
  if (!countryCode) return null;
  try {
    return regionNames.of(countryCode.toUpperCase()) ?? countryCode;
  } catch {
    return countryCode;
  }
}

export function handleize(title: string): string {
  const handle = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return handle || "product";
}

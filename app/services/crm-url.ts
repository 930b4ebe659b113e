import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { SyncError } from "./errors";
import { normalizeCrmBaseUrl } from "./crm/client";

/** True for loopback, private, link-local, CGNAT and unspecified IPv4/IPv6 addresses. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split(".").map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(ip) === 6) {
    if (ip === "::1" || ip === "::") return true;
    if (ip.startsWith("::ffff:")) return isPrivateAddress(ip.slice(7));
    return /^(fc|fd|fe8|fe9|fea|feb)/.test(ip);
  }
  return false;
}

export interface CrmUrlPolicy {
  /** Development and tests: allow http and private or loopback addresses (the simulators live there). */
  allowPrivate: boolean;
  resolve?: (hostname: string) => Promise<string[]>;
}

const defaultResolve = async (hostname: string) => (await lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * Checks a CRM address a merchant typed before any request goes there: it must be https, and outside
 * development it must not point at a private or loopback address (the app would otherwise call into its
 * own network on a stranger's behalf). Returns the normalised account URL.
 */
export async function checkCrmUrl(input: string, policy: CrmUrlPolicy): Promise<string> {
  const baseUrl = normalizeCrmBaseUrl(input);
  const url = new URL(baseUrl);
  if (url.protocol !== "https:" && !(policy.allowPrivate && url.protocol === "http:")) {
    throw new SyncError("validation", `The RetailCRM address must start with https:// (got ${url.protocol}//${url.host}).`, { crmUrl: baseUrl });
  }
  if (url.username || url.password) {
    throw new SyncError("validation", "The RetailCRM address must not contain a user name or password.", { crmUrl: url.origin });
  }
  if (policy.allowPrivate) return baseUrl;

  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (policy.resolve ?? defaultResolve)(host);
  } catch {
    throw new SyncError("validation", `The RetailCRM address ${url.host} does not resolve. Check the spelling, e.g. https://yourshop.retailcrm.ru.`, {
      crmUrl: baseUrl,
    });
  }
  if (addresses.some(isPrivateAddress)) {
    throw new SyncError("validation", `The RetailCRM address ${url.host} points at a private network address; use your account's public address.`, {
      crmUrl: baseUrl,
    });
  }
  return baseUrl;
}

/**
 * RetailCRM reads and writes datetimes as `Y-m-d H:i:s` wall-clock strings with no offset. We send them in
 * UTC unless the caller names the CRM account's IANA timezone (e.g. "Europe/Moscow"), so the CRM shows the
 * same instant Shopify recorded.
 */
export const CRM_DEFAULT_TIME_ZONE = "UTC";

const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    getFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** `2021-12-31T19:00:00-05:00` → `2022-01-01 00:00:00` (UTC). Undefined for an unreadable date or timezone. */
export function formatCrmDateTime(
  value: string | Date | null | undefined,
  timeZone: string = CRM_DEFAULT_TIME_ZONE,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  const instant = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(instant.getTime()) || !isValidTimeZone(timeZone)) return undefined;
  const parts: Record<string, string> = {};
  for (const part of getFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

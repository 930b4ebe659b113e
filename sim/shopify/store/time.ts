/** Shopify stamps records to the second; GraphQL shows UTC, REST payloads show the shop's offset. */

export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** `2026-11-27T10:00:00Z` */
export function formatGraphqlTime(ms: number): string {
  return new Date(truncateToSecond(ms)).toISOString().replace(".000Z", "Z");
}

/** `2026-11-27T05:00:00-05:00` in the shop's time zone. */
export function formatRestTime(ms: number, ianaTimezone: string): string {
  const offsetMinutes = timezoneOffsetMinutes(ms, ianaTimezone);
  const local = new Date(truncateToSecond(ms) + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${local}${formatOffset(offsetMinutes, ":")}`;
}

export function timezoneOffsetMinutes(ms: number, ianaTimezone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: ianaTimezone, timeZoneName: "longOffset" })
    .formatToParts(new Date(ms))
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

export function formatOffset(offsetMinutes: number, separator: "" | ":"): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, "0");
  const minutes = String(abs % 60).padStart(2, "0");
  return `${sign}${hours}${separator}${minutes}`;
}

import type { CrmEntityRef } from "./types";

/** The path segment for an entity reference. */
export function refValue(ref: CrmEntityRef): string {
  return "id" in ref ? String(ref.id) : ref.externalId;
}

/** `by` (and `site`, when configured) for a lookup by path segment. */
export function lookupParams(ref: CrmEntityRef, site: string | undefined): { by: "id" | "externalId"; site?: string } {
  return site === undefined ? { by: "id" in ref ? "id" : "externalId" } : { by: "id" in ref ? "id" : "externalId", site };
}

/** "id 7" or "externalId 1001", for error messages. */
export function describeRef(ref: CrmEntityRef): string {
  return "id" in ref ? `with id ${ref.id}` : `with externalId ${ref.externalId}`;
}

/** Adds the configured site to a list filter unless the caller chose sites themselves. */
export function scopeFilterToSite<F extends { sites?: string[] }>(filter: F, site: string | undefined): F {
  return site === undefined || filter.sites !== undefined ? filter : { ...filter, sites: [site] };
}

/**
 * Outcome of a pure mapping step.
 *
 * A note is worth a ledger line but did not stop the sync ("phone '12ab' could not be read as a phone
 * number; sent as typed"). A problem stops the sync of that record. Both name the field they concern and
 * are written for the merchant: what happened and what to do.
 */
export interface MappingNote {
  /** Where the value came from, e.g. `shipping_address.phone` or `line_items[2].price`. */
  readonly path: string;
  readonly message: string;
}

export interface MappingProblem {
  readonly path: string;
  readonly message: string;
}

export type MapResult<T> =
  | { readonly ok: true; readonly value: T; readonly notes: readonly MappingNote[] }
  | { readonly ok: false; readonly problems: readonly MappingProblem[] };

export function succeed<T>(value: T, notes: readonly MappingNote[] = []): MapResult<T> {
  return { ok: true, value, notes };
}

export function fail<T = never>(problems: readonly MappingProblem[]): MapResult<T> {
  return { ok: false, problems };
}

/** Formats a path array the way the merchant sees it in the ledger: `line_items[0].price`. */
export function formatFieldPath(segments: readonly PropertyKey[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path === "" ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

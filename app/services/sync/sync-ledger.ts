import type { MappingNote, MappingProblem } from "../../sync/mapping";

// Ledger conventions of the Shopify → CRM sync (one SyncRecord per entity and direction):
// - failed: `lastError` says what went wrong and what to do; the sync does not retry it by itself.
// - synced: `lastError` holds the mapping notes ("phone '12ab' was sent as typed"), or null when there were none.
//   One row per entity keeps the sync log readable: its state is the outcome, its text what the merchant should
//   know about it.
// - skipped: `lastError` says why nothing was sent.

/** Mapping notes as one ledger text, or null when there are none. */
export function formatMappingNotes(notes: readonly MappingNote[]): string | null {
  if (notes.length === 0) return null;
  return notes.map((note) => note.message).join("\n");
}

/** Mapping problems as one ledger text: the record and every reason it could not be sent. */
export function formatMappingProblems(subject: string, problems: readonly MappingProblem[]): string {
  const reasons = problems.map((problem) => problem.message);
  return `${subject} was not sent to RetailCRM: ${reasons.join(" ")}`;
}

/**
 * What the ledger remembers about the last order push. The SyncRecord has no status column and the schema stays
 * as it is, so the order row's `payloadHash` holds a small JSON object: the hash of the mapped order and the CRM
 * status the mapping asked for. The status is what `toCrmOrderEdit` needs (`lastSentStatus`): an unchanged
 * Shopify state does not resend it, so a CRM manager's later status change is not undone by an unrelated
 * Shopify update. Reading the CRM order's current status instead would not tell "the manager moved it" from
 * "we sent it".
 */
export interface OrderPushState {
  hash: string;
  status: string;
}

export function encodeOrderPushState(state: OrderPushState): string {
  return JSON.stringify({ v: 1, hash: state.hash, status: state.status });
}

/** The stored push state; a plain hash (or nothing) gives what it can. */
export function decodeOrderPushState(text: string | null | undefined): Partial<OrderPushState> {
  if (!text) return {};
  if (!text.startsWith("{")) return { hash: text };
  try {
    const value = JSON.parse(text) as { hash?: unknown; status?: unknown };
    return {
      ...(typeof value.hash === "string" ? { hash: value.hash } : {}),
      ...(typeof value.status === "string" ? { status: value.status } : {}),
    };
  } catch {
    return {};
  }
}

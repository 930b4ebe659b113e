import { formatCrmDateTime } from "../dates";
import type { CrmSimState, CrmStoredHistoryEntry, CrmWriter } from "../state";

export type CrmHistoryKind = "order" | "customer";

export interface CrmHistoryChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
  item?: Record<string, unknown>;
  payment?: Record<string, unknown>;
}

export interface CrmHistoryWrite {
  entityId: number;
  /** Full object for creation entries, stub for the rest. */
  entity: Record<string, unknown>;
  writer: CrmWriter;
  now: Date;
  created?: boolean;
  changes: CrmHistoryChange[];
}

/** Appends entries with strictly increasing ids (one sequence per kind, like the real account). */
export function appendHistory(state: CrmSimState, kind: CrmHistoryKind, write: CrmHistoryWrite): void {
  const log = kind === "order" ? state.orderHistory : state.customerHistory;
  const sequence = kind === "order" ? "orderHistory" : "customerHistory";
  for (const change of write.changes) {
    state.sequences[sequence] += 1;
    const entry: CrmStoredHistoryEntry = {
      id: state.sequences[sequence],
      createdAt: formatCrmDateTime(write.now),
      writer: write.writer,
      field: change.field,
      oldValue: structuredClone(change.oldValue ?? null),
      newValue: structuredClone(change.newValue ?? null),
      entityId: write.entityId,
      entity: structuredClone(write.entity),
    };
    if (write.created) entry.created = true;
    if (change.item) entry.item = structuredClone(change.item);
    if (change.payment) entry.payment = structuredClone(change.payment);
    log.push(entry);
  }
}

/** One history entry as `/orders/history` or `/customers/history` shows it to the key `requestKey`. */
export function renderHistoryEntry(
  entry: CrmStoredHistoryEntry,
  kind: CrmHistoryKind,
  requestKey: string | undefined,
): Record<string, unknown> {
  const rendered: Record<string, unknown> = { id: entry.id, createdAt: entry.createdAt };
  if (entry.created) rendered.created = true;
  if (entry.deleted) rendered.deleted = true;
  rendered.source = entry.writer.source;
  if (entry.writer.source === "api") rendered.apiKey = { current: entry.writer.apiKey === requestKey };
  if (entry.writer.source === "user") rendered.user = { id: entry.writer.userId };
  rendered.field = entry.field;
  rendered.oldValue = structuredClone(entry.oldValue);
  rendered.newValue = structuredClone(entry.newValue);
  rendered[kind] = structuredClone(entry.entity);
  if (entry.item) rendered.item = structuredClone(entry.item);
  if (entry.payment) rendered.payment = structuredClone(entry.payment);
  return rendered;
}

/** Field-level changes between two flat field maps; a missing value counts as null. */
export function diffFieldMaps(before: Map<string, unknown>, after: Map<string, unknown>): CrmHistoryChange[] {
  const fields = new Set([...before.keys(), ...after.keys()]);
  const changes: CrmHistoryChange[] = [];
  for (const field of fields) {
    const oldValue = normalizeEmpty(before.get(field));
    const newValue = normalizeEmpty(after.get(field));
    if (stableStringify(oldValue) !== stableStringify(newValue)) changes.push({ field, oldValue, newValue });
  }
  return changes;
}

function normalizeEmpty(value: unknown): unknown {
  return value === undefined || value === "" ? null : value;
}

export function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested && typeof nested === "object" && !Array.isArray(nested)) {
      return Object.fromEntries(Object.entries(nested).sort(([a], [b]) => a.localeCompare(b)));
    }
    return nested;
  });
}

/** Adds `prefix + snake_case(key)` entries for each key of a nested object. */
export function flattenInto(
  target: Map<string, unknown>,
  prefix: string,
  value: unknown,
  rename: Readonly<Record<string, string>> = {},
): void {
  if (!value || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, nested] of Object.entries(value)) {
    target.set(`${prefix}${rename[key] ?? toSnakeCase(key)}`, nested);
  }
}

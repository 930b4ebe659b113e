import { createHash } from "node:crypto";
import type { Db } from "../db.server";

// The sync log. One row per entity and direction holds its current state; the merchant reads it in the admin,
// the operator with `npm run cli -- status`, and `retry` picks failed rows up again.

export type LedgerEntity = "customer" | "order" | "catalog" | "webhook";
export type LedgerDirection = "to_crm" | "to_shopify";
export type LedgerState = "pending" | "synced" | "failed" | "quarantined" | "skipped";

export interface LedgerKey {
  shop: string;
  entity: LedgerEntity;
  direction: LedgerDirection;
  /** The entity's id in the system the change comes from. */
  sourceId: string;
}

export interface LedgerUpdate {
  state: LedgerState;
  shopifyId?: string | null;
  crmId?: string | null;
  /** Plain words a merchant can act on; cleared when omitted on a successful state. */
  lastError?: string | null;
  payloadHash?: string | null;
  sourceUpdatedAt?: Date | null;
  lastPushedAt?: Date | null;
  /** Count this as one more attempt. */
  attempt?: boolean;
}

export function hashPayload(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url");
}

export async function findLedgerRecord(db: Db, key: LedgerKey) {
  return db.syncRecord.findUnique({ where: { shop_entity_direction_sourceId: key } });
}

export async function recordLedger(db: Db, key: LedgerKey, update: LedgerUpdate) {
  const { attempt, ...fields } = update;
  const data = {
    ...fields,
    lastError: fields.lastError ?? (fields.state === "failed" || fields.state === "quarantined" ? undefined : null),
  };
  return db.syncRecord.upsert({
    where: { shop_entity_direction_sourceId: key },
    create: { ...key, ...data, attempts: attempt ? 1 : 0 },
    update: { ...data, ...(attempt ? { attempts: { increment: 1 } } : {}) },
  });
}

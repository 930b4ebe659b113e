import { z } from "zod";
import { SyncError } from "../errors";
import { describeDetails, mentionsAlreadyExists, normalizeCrmErrors } from "./errors";
import type { CrmRequester } from "./request";
import { crmFailedRecordSchema, crmListOf, crmUploadedRecordSchema } from "./schemas";
import type { CrmUploadResult } from "./types";

/** RetailCRM's modules never send more than this per upload call. */
export const CRM_UPLOAD_BATCH_LIMIT = 50;

type UploadTarget = {
  path: string;
  /** Form field and payload key stem: "customers" → `customers`, `uploadedCustomers`, `failedCustomers`. */
  entity: "customers" | "orders";
  site?: string;
};

/**
 * Uploads up to 50 records. A 460 (some records failed) comes back as a result listing each
 * failed record with its reason; only a whole-request failure throws.
 */
export async function uploadBatch(
  request: CrmRequester,
  target: UploadTarget,
  records: readonly { externalId?: string }[],
): Promise<CrmUploadResult> {
  if (records.length === 0) return { uploaded: [], failed: [] };
  if (records.length > CRM_UPLOAD_BATCH_LIMIT) {
    throw new SyncError(
      "validation",
      `RetailCRM takes at most ${CRM_UPLOAD_BATCH_LIMIT} ${target.entity} per upload; this batch had ${records.length}. Split it.`,
      { count: records.length },
    );
  }
  const noun = target.entity === "orders" ? "Orders" : "Customers";
  const response = await request.send({
    method: "POST",
    path: target.path,
    form: { site: target.site, [target.entity]: records },
    subject: `the ${target.entity} upload`,
    acceptPartial: true,
  });

  const body = z
    .looseObject({
      [`uploaded${noun}`]: crmListOf(crmUploadedRecordSchema).default([]),
      [`failed${noun}`]: crmListOf(crmFailedRecordSchema).optional(),
    })
    .parse(response.body);
  const uploaded = body[`uploaded${noun}`] as z.output<typeof crmUploadedRecordSchema>[];
  const reported = body[`failed${noun}`] as z.output<typeof crmFailedRecordSchema>[] | undefined;
  if (response.status !== 460) return { uploaded, failed: [] };

  const errorMsg = typeof response.body.errorMsg === "string" ? response.body.errorMsg : "";
  const errors = normalizeCrmErrors(response.body.errors);
  const uploadedIds = new Set(uploaded.map((record) => record.externalId));
  const failedIds = reported
    ? reported.map((record) => record.externalId ?? undefined)
    : records.map((record) => record.externalId).filter((id) => !uploadedIds.has(id));

  return {
    uploaded,
    failed: failedIds.map((externalId) => {
      const own = errorsFor(externalId, records, target.entity, errors, failedIds.length);
      const details = describeDetails(errorMsg, own);
      return { externalId, error: details, alreadyExists: mentionsAlreadyExists("", own) };
    }),
  };
}

/** The error lines that speak about one record: by `externalId=…` in the text or by its position in the batch. */
function errorsFor(
  externalId: string | undefined,
  records: readonly { externalId?: string }[],
  entity: string,
  errors: Record<string, string>,
  failedCount: number,
): Record<string, string> {
  const index = records.findIndex((record) => record.externalId === externalId);
  const own = Object.fromEntries(
    Object.entries(errors).filter(
      ([key, message]) =>
        (externalId !== undefined && new RegExp(`externalId=${escapeRegExp(externalId)}(?![\\w-])`).test(message)) ||
        (index >= 0 && (key.startsWith(`${entity}[${index}]`) || key.startsWith(`[${index}]`))),
    ),
  );
  if (Object.keys(own).length > 0 || failedCount !== 1) return own;
  return errors;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

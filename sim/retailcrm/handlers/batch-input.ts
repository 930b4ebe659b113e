import { CrmApiError, CRM_MESSAGES, createInputError } from "../api-errors";
import { readJsonParam, type CrmParams } from "../request-params";

export const UPLOAD_BATCH_LIMIT = 50;

/** The JSON array of an `upload` call: at most 50 entities. */
export function readUploadList(params: CrmParams, name: string): unknown[] {
  const list = readJsonParam(params, name);
  if (!Array.isArray(list)) throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { [name]: "This value should be a JSON array." });
  if (list.length === 0) throw createInputError({ [name]: "This collection should contain 1 element or more." });
  if (list.length > UPLOAD_BATCH_LIMIT) {
    throw createInputError({ [name]: `This collection should contain ${UPLOAD_BATCH_LIMIT} elements or less.` });
  }
  return list;
}

/** The `[{id, externalId}]` list of a fix-external-ids call. */
export function readFixExternalIds(params: CrmParams, name: string): Array<{ id: number; externalId: string }> {
  const list = readJsonParam(params, name);
  if (!Array.isArray(list) || list.length === 0) {
    throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { [name]: "This value should be a non-empty JSON array." });
  }
  const errors: Record<string, string> = {};
  const pairs = list.map((entry: unknown, index) => {
    const { id, externalId } = (entry ?? {}) as { id?: unknown; externalId?: unknown };
    if (typeof id !== "number" || !Number.isInteger(id)) errors[`${name}[${index}].id`] = "This value should be an integer.";
    if (typeof externalId !== "string" && typeof externalId !== "number") {
      errors[`${name}[${index}].externalId`] = "This value should not be blank.";
    }
    return { id: Number(id), externalId: String(externalId) };
  });
  if (Object.keys(errors).length > 0) throw new CrmApiError(400, CRM_MESSAGES.entityFormat, errors);
  return pairs;
}

import { CrmApiError, CRM_MESSAGES, createParameterMissingError } from "./api-errors";

export type CrmParamValue = string | CrmParamValue[] | { [key: string]: CrmParamValue };
export type CrmParams = { [key: string]: CrmParamValue };

type MutableNode = { [key: string]: string | MutableNode };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const BRACKETED_NAME = /^([^[\]]+)((?:\[[^\]]*\])*)$/;

/**
 * Parses query or form pairs written in PHP bracket notation, the way PHP fills
 * `$_GET`/`$_POST`: `filter[ids][]=1&filter[ids][]=2` and `filter[ids][0]=1`
 * both give `{filter: {ids: ["1", "2"]}}`.
 */
export function parseBracketParams(pairs: Iterable<[string, string]>): CrmParams {
  const root: MutableNode = {};
  for (const [name, value] of pairs) {
    const path = splitParamName(name);
    if (!path || path.some((key) => FORBIDDEN_KEYS.has(key))) continue;
    assignPath(root, path, value);
  }
  return finalizeNode(root) as CrmParams;
}

export function parseFormBody(text: string): CrmParams {
  return parseBracketParams(new URLSearchParams(text));
}

function splitParamName(name: string): string[] | null {
  const match = BRACKETED_NAME.exec(name);
  if (!match) return name ? [name] : null;
  const base = match[1] ?? "";
  const brackets = [...(match[2] ?? "").matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "");
  return [base, ...brackets];
}

function assignPath(root: MutableNode, path: string[], value: string): void {
  let node = root;
  path.forEach((segment, index) => {
    const key = segment === "" ? String(findNextIndex(node)) : segment;
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const child = node[key];
    if (typeof child === "object") {
      node = child;
    } else {
      const created: MutableNode = {};
      node[key] = created;
      node = created;
    }
  });
}

function findNextIndex(node: MutableNode): number {
  let next = 0;
  for (const key of Object.keys(node)) {
    if (/^\d+$/.test(key)) next = Math.max(next, Number(key) + 1);
  }
  return next;
}

function finalizeNode(node: string | MutableNode): CrmParamValue {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  const finalized = keys.map((key) => [key, finalizeNode(node[key] as string | MutableNode)] as const);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return finalized.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, value]) => value);
  }
  return Object.fromEntries(finalized);
}

export function readParamString(params: CrmParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === "string" ? value : undefined;
}

/** A filter value as a list of strings: `x=1`, `x[]=1`, `x[0]=1` and `x[a]=1` all count. */
export function readParamList(value: CrmParamValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.filter((item): item is string => typeof item === "string");
}

export function readParamObject(params: CrmParams, name: string): CrmParams {
  const value = params[name];
  if (value === undefined || typeof value === "string") return {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [String(index), item]));
  return value;
}

/** Reads an entity parameter sent as a JSON string in a form field (`order`, `customers`, …). */
export function readJsonParam(params: CrmParams, name: string): unknown {
  const raw = params[name];
  if (raw === undefined || raw === "") throw createParameterMissingError(name);
  if (typeof raw !== "string") {
    throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { [name]: "Expected a JSON string in this form field." });
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { [name]: "The value is not valid JSON." });
  }
}

export const CRM_JSON_FIELDS = [
  "order",
  "orders",
  "customer",
  "customers",
  "payment",
  "site",
  "integrationModule",
  "offers",
  "prices",
] as const;

/** Form params with the JSON entity fields decoded, for the request log. */
export function decodeJsonFields(params: CrmParams): Record<string, unknown> {
  const decoded: Record<string, unknown> = { ...params };
  for (const name of CRM_JSON_FIELDS) {
    const value = params[name];
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) continue;
    try {
      decoded[name] = JSON.parse(value) as unknown;
    } catch {
      decoded[name] = value;
    }
  }
  return decoded;
}

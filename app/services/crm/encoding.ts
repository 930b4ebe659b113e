export type CrmQueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly CrmQueryValue[]
  | { readonly [key: string]: CrmQueryValue };

export type CrmQuery = { readonly [key: string]: CrmQueryValue };

/**
 * Query string in PHP bracket notation, as RetailCRM reads it:
 * `{filter: {ids: [1, 2]}}` → `filter[ids][]=1&filter[ids][]=2`. Booleans become 1/0 and
 * null/undefined are left out, as PHP's http_build_query does.
 */
export function encodePhpQuery(query: CrmQuery): URLSearchParams {
  const params = new URLSearchParams();
  const append = (key: string, value: CrmQueryValue): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item: CrmQueryValue, index) => {
        const scalar = item === null || typeof item !== "object";
        append(scalar ? `${key}[]` : `${key}[${index}]`, item);
      });
      return;
    }
    if (typeof value === "object") {
      for (const [name, item] of Object.entries(value as CrmQuery)) append(`${key}[${name}]`, item);
      return;
    }
    params.append(key, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
  };
  for (const [key, value] of Object.entries(query)) append(key, value);
  return params;
}

export type CrmForm = { readonly [field: string]: string | number | object | undefined };

/**
 * POST body for RetailCRM: scalars (`site`, `by`) go as plain fields, entities (`order`,
 * `customers`, `site` on sites edit, …) as JSON strings.
 */
export function encodeCrmForm(form: CrmForm): URLSearchParams {
  const params = new URLSearchParams();
  for (const [field, value] of Object.entries(form)) {
    if (value === undefined) continue;
    params.append(field, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  return params;
}

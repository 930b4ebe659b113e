/**
 * A subset of Shopify's search syntax: `field:value`, `field:>value` (also >=, <, <=), quoted values,
 * `value*` prefixes, `field:*` (has a value), `-term` / `NOT term`, implicit AND and top-level `OR`.
 * Unknown fields are ignored with a warning, as Shopify does.
 */

export type SimSearchOperator = ":" | ">" | ">=" | "<" | "<=";

export interface SimSearchTerm {
  field: string | null;
  operator: SimSearchOperator;
  value: string;
  negate: boolean;
}

export type SimSearchValue = string | number | boolean | null | readonly string[];

export interface SimSearchField<Item> {
  kind: "string" | "text" | "date" | "number" | "tags" | "boolean" | "id";
  get: (item: Item) => SimSearchValue;
}

export interface SimSearchSchema<Item> {
  fields: Record<string, SimSearchField<Item>>;
  /** Values a field-less term is matched against (substring, case-insensitive). */
  text: (item: Item) => (string | null)[];
}

export interface SimSearchWarning {
  field: string;
  message: string;
}

export function parseSearchQuery(query: string): SimSearchTerm[][] {
  const groups: SimSearchTerm[][] = [[]];
  let negateNext = false;
  for (const token of tokenize(query)) {
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    const term = parseTerm(token);
    if (negateNext) term.negate = !term.negate;
    negateNext = false;
    groups[groups.length - 1]?.push(term);
  }
  return groups.filter((group) => group.length > 0);
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const char of query) {
    if (quote) {
      current += char;
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      current += char;
      quote = char;
    } else if (/\s/.test(char) || char === "(" || char === ")") {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

function parseTerm(token: string): SimSearchTerm {
  let text = token;
  let negate = false;
  if (text.startsWith("-") && text.length > 1) {
    negate = true;
    text = text.slice(1);
  }
  const match = /^([A-Za-z_][\w.]*):(<=|>=|<|>)?(.*)$/.exec(text);
  if (!match) return { field: null, operator: ":", value: unquote(text), negate };
  return {
    field: (match[1] ?? "").toLowerCase(),
    operator: (match[2] as SimSearchOperator | undefined) ?? ":",
    value: unquote(match[3] ?? ""),
    negate,
  };
}

function unquote(value: string): string {
  const match = /^(['"])(.*)\1$/.exec(value);
  return match ? (match[2] ?? "") : value;
}

export function filterBySearch<Item>(
  items: readonly Item[],
  query: string | null | undefined,
  schema: SimSearchSchema<Item>,
): { items: Item[]; warnings: SimSearchWarning[] } {
  if (!query || !query.trim()) return { items: [...items], warnings: [] };
  const groups = parseSearchQuery(query);
  const warnings: SimSearchWarning[] = [];
  for (const term of groups.flat()) {
    if (term.field !== null && !schema.fields[term.field] && !warnings.some((w) => w.field === term.field)) {
      warnings.push({ field: term.field, message: "Invalid search field for this query." });
    }
  }
  const matches = (item: Item) =>
    groups.some((group) =>
      group.every((term) => {
        if (term.field !== null && !schema.fields[term.field]) return true;
        return matchTerm(item, term, schema) !== term.negate;
      }),
    );
  return { items: items.filter(matches), warnings };
}

function matchTerm<Item>(item: Item, term: SimSearchTerm, schema: SimSearchSchema<Item>): boolean {
  if (term.field === null) {
    const needle = term.value.toLowerCase();
    return schema.text(item).some((value) => value?.toLowerCase().includes(needle));
  }
  const field = schema.fields[term.field];
  if (!field) return true;
  const value = field.get(item);
  if (term.value === "*") return value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
  switch (field.kind) {
    case "date":
      return compareDate(value, term);
    case "number":
    case "id":
      return compareNumber(field.kind === "id" ? idNumber(value) : Number(value), idNumber(term.value), term.operator);
    case "boolean":
      return String(value) === term.value.toLowerCase();
    case "tags":
      return Array.isArray(value) && value.some((tag) => tag.toLowerCase() === term.value.toLowerCase());
    case "text":
      return typeof value === "string" && value.toLowerCase().includes(term.value.toLowerCase());
    default:
      return compareString(value === null ? null : String(value), term);
  }
}

function idNumber(value: SimSearchValue): number {
  if (typeof value === "number") return value;
  const match = /(\d+)$/.exec(String(value ?? ""));
  return match ? Number(match[1]) : Number.NaN;
}

function compareNumber(actual: number, expected: number, operator: SimSearchOperator): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  switch (operator) {
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    default:
      return actual === expected;
  }
}

function compareString(actual: string | null, term: SimSearchTerm): boolean {
  if (actual === null) return false;
  const left = actual.toLowerCase();
  const right = term.value.toLowerCase();
  if (term.operator === ":") return right.endsWith("*") ? left.startsWith(right.slice(0, -1)) : left === right;
  const order = left.localeCompare(right);
  return compareNumber(order, 0, term.operator);
}

function compareDate(value: SimSearchValue, term: SimSearchTerm): boolean {
  if (typeof value !== "number") return false;
  const expected = Date.parse(term.value);
  if (Number.isNaN(expected)) return false;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(term.value);
  if (term.operator === ":" && dateOnly) return value >= expected && value < expected + 86_400_000;
  return compareNumber(value, expected, term.operator);
}

import type { z } from "zod";
import { fail, formatFieldPath, succeed } from "./result";
import type { MapResult, MappingProblem } from "./result";
import {
  shopifyCustomerSchema,
  shopifyOrderPayloadSchema,
  shopifyRestCustomerSchema,
} from "./shopify-schemas";
import type { ShopifyCustomer, ShopifyOrderPayload, ShopifyRestCustomer } from "./types";

/**
 * Parses JSON text keeping integers beyond 2^53 exact, as strings. Shopify ids can exceed that range and a
 * plain JSON.parse would round them (a different order id is a duplicate CRM order waiting to happen).
 * Returns undefined when the text is not JSON.
 */
export function parseJsonLosslessly(text: string): { value: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text, keepLargeIntegersExact as Parameters<typeof JSON.parse>[1]);
    return { value };
  } catch {
    return undefined;
  }
}

function keepLargeIntegersExact(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== "number" || Number.isSafeInteger(value) || !Number.isInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && /^\d+$/.test(source) ? source : value;
}

/** Validates an orders/* webhook body (parsed JSON, or its raw text). Never throws. */
export function parseShopifyOrderPayload(json: unknown): MapResult<ShopifyOrderPayload> {
  return parseWithSchema(json, shopifyOrderPayloadSchema, "an order");
}

/** Validates a customer read through Admin GraphQL (the `customer` node). Never throws. */
export function parseShopifyCustomer(json: unknown): MapResult<ShopifyCustomer> {
  return parseWithSchema(json, shopifyCustomerSchema, "a customer");
}

/** Validates a customers/* webhook body or the `customer` object of an order. Never throws. */
export function parseShopifyRestCustomer(json: unknown): MapResult<ShopifyRestCustomer> {
  return parseWithSchema(json, shopifyRestCustomerSchema, "a customer");
}

function parseWithSchema<S extends z.ZodType>(
  json: unknown,
  schema: S,
  entity: string,
): MapResult<z.infer<S>> {
  let input = json;
  if (typeof json === "string") {
    const parsed = parseJsonLosslessly(json);
    if (!parsed) {
      return fail([
        {
          path: "",
          message: `Shopify sent ${entity} we cannot read: the body is not valid JSON. Check that the sender is Shopify and retry the delivery.`,
        },
      ]);
    }
    input = parsed.value;
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return fail([
      {
        path: "",
        message: `Shopify sent ${entity} we cannot read: the body is ${describeValue(input)}, not a JSON object.`,
      },
    ]);
  }
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return succeed(result.data);
  return fail(result.error.issues.map((issue) => describeIssue(issue, entity)));
}

function describeIssue(issue: z.core.$ZodIssue, entity: string): MappingProblem {
  const path = formatFieldPath(issue.path);
  const field = path === "" ? "the body" : `the field "${path}"`;
  return { path, message: `Shopify sent ${entity} we cannot read: ${field} ${describeRule(issue)}.` };
}

function describeRule(issue: z.core.$ZodIssue): string {
  if (issue.input === undefined && issue.code !== "custom") return "is missing";
  if (issue.code === "invalid_type") {
    const expected = describeExpectedType(issue.expected);
    const received = describeValue(issue.input);
    // A number that is not whole fails as type "int": the schema's own wording says it better.
    if (expected === received) return issue.message;
    return `should be ${expected}, but it is ${received}`;
  }
  return issue.message;
}

function describeExpectedType(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "number":
    case "int":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "an object";
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

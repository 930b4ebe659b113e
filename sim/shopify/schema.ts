import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from "graphql";

export const ADMIN_SCHEMA_VERSION = "2026-10";

const SCHEMA_PATH = fileURLToPath(
  new URL(`../../tests/fixtures/shopify/admin-${ADMIN_SCHEMA_VERSION}.schema.json.gz`, import.meta.url),
);

interface RawIntrospectionField {
  name: string;
  requiredAccess?: string | null;
}
interface RawIntrospectionType {
  name: string;
  requiredAccess?: string | null;
  fields?: RawIntrospectionField[] | null;
}

export interface AdminSchema {
  schema: GraphQLSchema;
  /** Scopes that grant access, keyed by `Type` or `Type.field`; any one of them is enough. */
  requiredScopes: ReadonlyMap<string, readonly string[]>;
}

let cached: AdminSchema | undefined;

/** Loads the Admin API schema once per process (about 0.3 s) and keeps it. */
export function loadAdminSchema(): AdminSchema {
  if (cached) return cached;
  const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8")) as {
    data: IntrospectionQuery & { __schema: { types: RawIntrospectionType[] } };
  };
  const requiredScopes = new Map<string, string[]>();
  for (const type of json.data.__schema.types) {
    const typeScopes = parseRequiredAccess(type.requiredAccess);
    if (typeScopes.length > 0) requiredScopes.set(type.name, typeScopes);
    for (const field of type.fields ?? []) {
      const fieldScopes = parseRequiredAccess(field.requiredAccess);
      if (fieldScopes.length > 0) requiredScopes.set(`${type.name}.${field.name}`, fieldScopes);
    }
  }
  cached = { schema: buildClientSchema(json.data), requiredScopes };
  return cached;
}

export function getAdminSchema(): GraphQLSchema {
  return loadAdminSchema().schema;
}

/** "`write_orders` access scope or `write_marketplace_orders` access scope. Also: …" → the scopes before "Also:". */
function parseRequiredAccess(text: string | null | undefined): string[] {
  if (!text) return [];
  const head = text.split("Also:")[0] ?? "";
  return [...head.matchAll(/`([a-z0-9_]+)`/g)].map((match) => match[1] ?? "").filter(Boolean);
}

export type AdminDocumentCheck =
  | {
      ok: true;
      document: DocumentNode;
      operation: OperationDefinitionNode;
      variables: Record<string, unknown>;
    }
  | {
      ok: false;
      /** Errors real Shopify would also report (parse, validation, variables). */
      errors: GraphQLError[];
      /** Uses of deprecated fields, arguments, input fields or enum values. */
      deprecations: GraphQLError[];
      /** Set when the document parsed and validated apart from deprecations. */
      parsed?: { document: DocumentNode; operation: OperationDefinitionNode; variables: Record<string, unknown> };
    };

/** Parses and validates a document against the Admin schema and coerces the variables of the chosen operation. */
export function checkAdminDocument(
  query: string,
  variables?: Record<string, unknown> | null,
  operationName?: string | null,
): AdminDocumentCheck {
  const { schema } = loadAdminSchema();
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { ok: false, errors: [asGraphQLError(error)], deprecations: [] };
  }
  const errors = [...validate(schema, document, specifiedRules)];
  const deprecations = [...validate(schema, document, [NoDeprecatedCustomRule])];
  if (errors.length > 0) return { ok: false, errors, deprecations };

  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    const message = operationName
      ? `Unknown operation named "${operationName}".`
      : "Must provide operation name if query contains multiple operations.";
    return { ok: false, errors: [new GraphQLError(message)], deprecations };
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return { ok: false, errors: [...coerced.errors], deprecations };

  const parsed = { document, operation, variables: coerced.coerced };
  if (deprecations.length > 0) return { ok: false, errors: [], deprecations, parsed };
  return { ok: true, ...parsed };
}

/**
 * Validates a GraphQL document the app sends to the Admin API: parse, the spec's validation rules plus
 * `NoDeprecatedCustomRule`, then the variables of the chosen operation. Returns plain error messages;
 * an empty list means the document is valid for API version 2026-10.
 */
export function validateAdminDocument(
  query: string,
  variables?: Record<string, unknown> | null,
  operationName?: string | null,
): string[] {
  const check = checkAdminDocument(query, variables, operationName);
  if (check.ok) return [];
  return [...check.errors, ...check.deprecations].map((error) => error.message);
}

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error instanceof Error ? error.message : String(error));
}

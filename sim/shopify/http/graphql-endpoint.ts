import { Kind, type FragmentDefinitionNode, type GraphQLError } from "graphql";
import { computeQueryCost, MAX_SINGLE_QUERY_COST } from "../graphql/cost";
import type { SimGraphqlContext } from "../graphql/context";
import { executeAdminOperation, isNotImplementedError } from "../graphql/execute";
import type { SimThrottleBucket, SimThrottleStatus } from "../graphql/throttle-bucket";
import { checkAdminDocument, loadAdminSchema } from "../schema";

export interface SimGraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface SimGraphqlViolation {
  kind: "invalid-document" | "deprecated-usage" | "not-implemented";
  message: string;
  details: string[];
}

export interface SimGraphqlAnswer {
  status: number;
  body: Record<string, unknown>;
  operationName: string | null;
  requestedCost: number | null;
  throttled: boolean;
  violations: SimGraphqlViolation[];
}

function formatError(error: GraphQLError, code?: string): Record<string, unknown> {
  const json = error.toJSON() as unknown as Record<string, unknown>;
  return code && !json.extensions ? { ...json, extensions: { code } } : json;
}

/** One Admin API GraphQL request: validate, price, throttle, execute. */
export async function answerGraphqlRequest(
  request: SimGraphqlRequest,
  ctx: SimGraphqlContext,
  bucket: SimThrottleBucket | null,
  fallbackStatus: SimThrottleStatus,
): Promise<SimGraphqlAnswer> {
  const base = { operationName: null, requestedCost: null, throttled: false, violations: [] as SimGraphqlViolation[] };
  if (typeof request.query !== "string" || request.query.trim() === "") {
    return { ...base, status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const variables = request.variables && typeof request.variables === "object" ? (request.variables as Record<string, unknown>) : {};
  const operationName = typeof request.operationName === "string" ? request.operationName : null;
  const check = checkAdminDocument(request.query, variables, operationName);
  if (!check.ok) {
    const invalid = check.errors.length > 0;
    const errors = invalid ? check.errors : check.deprecations;
    return {
      ...base,
      operationName: operationName ?? check.parsed?.operation.name?.value ?? null,
      status: 200,
      body: { errors: errors.map((error) => formatError(error, invalid ? "GRAPHQL_VALIDATION_FAILED" : "DEPRECATED_USAGE")) },
      violations: [
        {
          kind: invalid ? "invalid-document" : "deprecated-usage",
          message: invalid
            ? "The app sent a GraphQL document that is invalid for the Admin API schema"
            : "The app sent a GraphQL document that uses deprecated fields, arguments or enum values",
          details: [...check.errors, ...check.deprecations].map((error) => error.message),
        },
      ],
    };
  }

  const schema = loadAdminSchema().schema;
  const fragments = check.document.definitions.filter(
    (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
  );
  const name = check.operation.name?.value ?? null;
  const requestedCost = computeQueryCost(schema, check.operation, fragments, check.variables);
  const status = () => bucket?.status() ?? fallbackStatus;
  if (requestedCost > MAX_SINGLE_QUERY_COST) {
    return {
      ...base,
      operationName: name,
      requestedCost,
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requestedCost}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}). To query larger amounts of data with fewer limits, use bulk operations.`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requestedCost, maxCost: MAX_SINGLE_QUERY_COST },
          },
        ],
        extensions: { cost: { requestedQueryCost: requestedCost, actualQueryCost: null, throttleStatus: status() } },
      },
    };
  }
  if (bucket && !bucket.take(requestedCost)) {
    return {
      ...base,
      operationName: name,
      requestedCost,
      throttled: true,
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: requestedCost, actualQueryCost: null, throttleStatus: status() } },
      },
    };
  }

  const result = await executeAdminOperation(ctx, check.document, check.operation, variables);
  const actualCost = check.operation.operation === "mutation" ? requestedCost : computeQueryCost(schema, check.operation, fragments, check.variables, result.data ?? {});
  bucket?.refund(requestedCost - actualCost);
  const notImplemented = (result.errors ?? []).filter(isNotImplementedError);
  const extensions: Record<string, unknown> = {
    cost: { requestedQueryCost: requestedCost, actualQueryCost: actualCost, throttleStatus: status() },
  };
  if (ctx.searchWarnings.length > 0) {
    extensions.search = ctx.searchWarnings.map((entry) => ({ path: [entry.path], query: entry.query, warnings: entry.warnings }));
  }
  const body: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors && result.errors.length > 0) body.errors = result.errors.map((error) => formatError(error));
  body.extensions = extensions;
  return {
    ...base,
    operationName: name,
    requestedCost,
    status: 200,
    body,
    violations:
      notImplemented.length > 0
        ? [{ kind: "not-implemented", message: "The app used a part of the Admin API the simulator does not implement", details: notImplemented.map((e) => e.message) }]
        : [],
  };
}

import {
  execute,
  getNamedType,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import { loadAdminSchema } from "../schema";
import type { SimGraphqlContext, SimResolverArgs } from "./context";
import { accessDenied, NOT_IMPLEMENTED_CODE, notImplemented } from "./errors";
import { mutationResolvers, queryResolvers } from "./root-resolvers";

const ROOT = Object.freeze({ root: true });

function hasScope(granted: readonly string[], wanted: string): boolean {
  if (granted.includes(wanted)) return true;
  return wanted.startsWith("read_") && granted.includes(`write_${wanted.slice("read_".length)}`);
}

function checkAccess(ctx: SimGraphqlContext, key: string, what: string): void {
  const required = loadAdminSchema().requiredScopes.get(key);
  if (!required) return;
  if (required.some((scope) => hasScope(ctx.shop.state.scopes, scope))) return;
  throw accessDenied(what, required);
}

const resolveField: GraphQLFieldResolver<unknown, SimGraphqlContext, SimResolverArgs> = (source, args, ctx, info) => {
  const parent = info.parentType.name;
  const returned = getNamedType(info.returnType).name;
  if (!returned.startsWith("__")) {
    checkAccess(ctx, `${parent}.${info.fieldName}`, `${info.fieldName} field`);
    checkAccess(ctx, returned, `${info.fieldName} field`);
  }
  if (source === ROOT) {
    const resolvers = info.operation.operation === "mutation" ? mutationResolvers : queryResolvers;
    const resolver = resolvers[info.fieldName];
    if (!resolver) throw notImplemented(`${parent}.${info.fieldName}`);
    return resolver(args, ctx);
  }
  if (source === null || typeof source !== "object") return null;
  if (!(info.fieldName in source)) throw notImplemented(`${parent}.${info.fieldName}`);
  const value = (source as Record<string, unknown>)[info.fieldName];
  return typeof value === "function" ? (value as (a: SimResolverArgs, c: SimGraphqlContext) => unknown)(args, ctx) : value;
};

const resolveType: GraphQLTypeResolver<unknown, SimGraphqlContext> = (value) => {
  const typename = (value as { __typename?: unknown } | null)?.__typename;
  if (typeof typename === "string") return typename;
  throw new GraphQLError("Shopify simulator: a view without __typename was returned for an abstract type.");
};

/** Runs a validated operation over the shop's store with the simulator's resolvers. */
export async function executeAdminOperation(
  ctx: SimGraphqlContext,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Promise<ExecutionResult> {
  return execute({
    schema: loadAdminSchema().schema,
    document,
    rootValue: ROOT,
    contextValue: ctx,
    variableValues: variables,
    operationName: operation.name?.value,
    fieldResolver: resolveField,
    typeResolver: resolveType,
  });
}

export function isNotImplementedError(error: GraphQLError): boolean {
  return error.extensions.code === NOT_IMPLEMENTED_CODE;
}

import { GraphQLError } from "graphql";

export const NOT_IMPLEMENTED_CODE = "NOT_IMPLEMENTED_IN_SIMULATOR";

/** A valid request the simulator cannot answer yet: a gap in the simulator, not in the app. */
export function notImplemented(what: string): GraphQLError {
  return new GraphQLError(
    `${what} is not implemented in the Shopify simulator. Add it under sim/shopify/graphql/ (views.ts or root-resolvers.ts) if the app needs it.`,
    { extensions: { code: NOT_IMPLEMENTED_CODE } },
  );
}

export function accessDenied(what: string, scopes: readonly string[]): GraphQLError {
  return new GraphQLError(
    `Access denied for ${what}. Required access: ${scopes.map((scope) => `\`${scope}\``).join(" or ")} access scope.`,
    { extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: scopes.join(" or ") } },
  );
}

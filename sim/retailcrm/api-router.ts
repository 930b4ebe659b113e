import type { CrmApiRoute } from "./api-context";
import { accountRoutes } from "./handlers/account-handlers";
import { customerRoutes } from "./handlers/customer-handlers";
import { integrationRoutes } from "./handlers/integration-handlers";
import { orderRoutes } from "./handlers/order-handlers";
import { paymentRoutes } from "./handlers/payment-handlers";
import { referenceRoutes } from "./handlers/reference-handlers";
import { storeRoutes } from "./handlers/store-handlers";

export const CRM_API_ROUTES: readonly CrmApiRoute[] = [
  ...accountRoutes,
  ...referenceRoutes,
  ...customerRoutes,
  ...orderRoutes,
  ...paymentRoutes,
  ...storeRoutes,
  ...integrationRoutes,
];

export type CrmRouteMatch =
  | { kind: "found"; route: CrmApiRoute; pathParams: Record<string, string> }
  | { kind: "method-not-allowed" }
  | { kind: "not-found" };

/** Static segments win over `:param` ones (`/orders/history` before `/orders/:externalId`). */
export function matchApiRoute(routes: readonly CrmApiRoute[], method: string, pathname: string): CrmRouteMatch {
  const segments = pathname.replace(/\/+$/, "").split("/");
  let best: { route: CrmApiRoute; pathParams: Record<string, string>; paramCount: number } | undefined;
  let pathMatched = false;
  for (const route of routes) {
    const pathParams = matchSegments(route.path.split("/"), segments);
    if (!pathParams) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const paramCount = Object.keys(pathParams).length;
    if (!best || paramCount < best.paramCount) best = { route, pathParams, paramCount };
  }
  if (best) return { kind: "found", route: best.route, pathParams: best.pathParams };
  return pathMatched ? { kind: "method-not-allowed" } : { kind: "not-found" };
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index] ?? "";
    const value = actual[index] ?? "";
    if (expected.startsWith(":")) {
      if (!value) return undefined;
      params[expected.slice(1)] = decodePathSegment(value);
    } else if (expected !== value) {
      return undefined;
    }
  }
  return params;
}

function decodePathSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

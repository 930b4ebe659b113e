import { respondOk, type CrmApiContext, type CrmApiRoute } from "../api-context";
import { describeSiteAccess, listReachableSites } from "../auth";

/** `/api/credentials`: scopes, site access and the (deprecated) list of allowed route templates. */
function getCredentials(ctx: CrmApiContext) {
  const credentials = ctx.routes
    .filter((route) => route.scope === null || ctx.key.scopes.includes(route.scope))
    .map((route) => route.path.replace("/api/v5/", "/api/").replace(/:(\w+)/g, "{$1}"));
  return respondOk({
    scopes: [...ctx.key.scopes],
    siteAccess: describeSiteAccess(ctx.key),
    sitesAvailable: listReachableSites(ctx.state, ctx.key),
    credentials: [...new Set(credentials)],
  });
}

export const accountRoutes: CrmApiRoute[] = [
  { method: "GET", path: "/api/api-versions", scope: null, handle: () => respondOk({ versions: ["3.0", "4.0", "5.0"] }) },
  { method: "GET", path: "/api/credentials", scope: null, handle: getCredentials },
];

import { z } from "zod";
import type { CrmRequester } from "./request";
import { crmCredentialsSchema } from "./schemas";
import type { CrmCredentials } from "./types";

/** What the key may do and which API versions the account speaks: the calls a settings check makes. */
export function createCrmAccountApi(request: CrmRequester) {
  return {
    async credentials(): Promise<CrmCredentials> {
      const body = await request.sendParsed(
        { method: "GET", path: "/api/credentials", subject: "the API key's permissions" },
        crmCredentialsSchema,
      );
      return { scopes: body.scopes, siteAccess: body.siteAccess, sitesAvailable: body.sitesAvailable, credentials: body.credentials };
    },

    /** E.g. ["3.0", "4.0", "5.0"]. */
    async apiVersions(): Promise<string[]> {
      const body = await request.sendParsed(
        { method: "GET", path: "/api/api-versions", subject: "the API versions" },
        z.object({ versions: z.array(z.union([z.string(), z.number()]).transform(String)) }),
      );
      return body.versions;
    },
  };
}

export type CrmAccountApi = ReturnType<typeof createCrmAccountApi>;

import { z } from "zod";
import type { CrmRequester } from "./request";
import { crmIntegrationModuleSchema } from "./schemas";
import type { CrmIntegrationModule, CrmIntegrationModuleInput } from "./types";

/** The connector's registration in the RetailCRM marketplace (`/api/v5/integration-modules/{code}`). */
export function createCrmIntegrationApi(request: CrmRequester) {
  return {
    async getModule(code: string): Promise<CrmIntegrationModule> {
      const body = await request.sendParsed(
        { method: "GET", path: `/api/v5/integration-modules/${encodeURIComponent(code)}`, subject: `the integration module ${code}` },
        z.object({ integrationModule: crmIntegrationModuleSchema }),
      );
      return body.integrationModule;
    },

    /** Creates or updates the module (RetailCRM treats edit as an upsert); `active: false` deactivates it. */
    async editModule(module: CrmIntegrationModuleInput): Promise<{ info: Record<string, unknown> }> {
      const body = await request.sendParsed(
        {
          method: "POST",
          path: `/api/v5/integration-modules/${encodeURIComponent(module.code)}/edit`,
          form: { integrationModule: module },
          subject: `the integration module ${module.code}`,
        },
        z.looseObject({ info: z.unknown().optional() }),
      );
      const info = body.info;
      return { info: info && typeof info === "object" && !Array.isArray(info) ? (info as Record<string, unknown>) : {} };
    },
  };
}

export type CrmIntegrationApi = ReturnType<typeof createCrmIntegrationApi>;

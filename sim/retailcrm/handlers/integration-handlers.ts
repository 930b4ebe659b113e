import { z } from "zod";
import { CrmApiError, CRM_MESSAGES, createNotFoundError } from "../api-errors";
import { respondOk, type CrmApiContext, type CrmApiRoute } from "../api-context";
import { formatIssues } from "../entities/input-schemas";
import { readJsonParam } from "../request-params";

const url = z.string().refine((value) => /^https?:\/\/\S+$/.test(value), { error: "This value is not a valid URL." });

const integrationModuleSchema = z
  .object({
    code: z.string(),
    integrationCode: z.string(),
    active: z.boolean(),
    name: z.string(),
    logo: z.string(),
    clientId: z.string(),
    baseUrl: url,
    accountUrl: url,
    actions: z.record(z.string(), z.string()),
    availableCountries: z.array(z.string()),
    integrations: z.record(z.string(), z.unknown()),
  })
  .partial();

function getIntegrationModule(ctx: CrmApiContext) {
  const module = ctx.state.integrationModules.get(ctx.pathParams.code ?? "");
  if (!module) throw createNotFoundError();
  return respondOk({ integrationModule: structuredClone(module) });
}

/** Creates or updates; a new module needs `name` and `integrationCode`. `info` is `[]` like a plain account's. */
function editIntegrationModule(ctx: CrmApiContext) {
  const code = ctx.pathParams.code ?? "";
  const parsed = integrationModuleSchema.safeParse(readJsonParam(ctx.params, "integrationModule"));
  if (!parsed.success) throw new CrmApiError(400, CRM_MESSAGES.entityFormat, formatIssues(parsed.error.issues));
  const input = parsed.data;
  if (input.code !== undefined && input.code !== code) {
    throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { code: "The code in the body must match the code in the URL." });
  }
  const existing = ctx.state.integrationModules.get(code);
  if (!existing) {
    const errors: Record<string, string> = {};
    if (!input.name) errors.name = "This value should not be blank.";
    if (!input.integrationCode) errors.integrationCode = "This value should not be blank.";
    if (Object.keys(errors).length > 0) throw new CrmApiError(400, CRM_MESSAGES.entityFormat, errors);
  }
  ctx.state.integrationModules.set(code, { active: true, freeze: false, native: false, ...existing, ...input, code });
  return respondOk({ info: [] }, existing ? 200 : 201);
}

export const integrationRoutes: CrmApiRoute[] = [
  { method: "GET", path: "/api/v5/integration-modules/:code", scope: "integration_read", handle: getIntegrationModule },
  { method: "POST", path: "/api/v5/integration-modules/:code/edit", scope: "integration_write", handle: editIntegrationModule },
];

import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate, sessionStorage } from "../shopify.server";

const scopesUpdatePayload = z.object({ current: z.array(z.string()) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, session } = await authenticate.webhook(request);
  const parsed = scopesUpdatePayload.safeParse(payload);
  if (!parsed.success) {
    return new Response("app/scopes_update payload has no `current` list of scopes", { status: 400 });
  }
  // No session means the shop uninstalled meanwhile: there is nothing left to update.
  if (session) {
    session.scope = parsed.data.current.join(",");
    await sessionStorage.storeSession(session);
  }
  return new Response();
};

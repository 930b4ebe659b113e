import type { ActionFunctionArgs } from "@remix-run/node";
import { getWebQueues } from "../queues.server";
import { recordShopUninstalled } from "../services/shops.server";
import { authenticate } from "../shopify.server";
import { QUEUES } from "../../workers/queues";
import { removeCatalogSchedule } from "../../workers/schedules";

// May arrive twice, and after the sessions are gone: every step is idempotent.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  await recordShopUninstalled(shop);
  await removeCatalogSchedule(getWebQueues().get(QUEUES.catalog), shop);
  return new Response();
};

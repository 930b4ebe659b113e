import type { ActionFunctionArgs } from "@remix-run/node";
import { recordShopUninstalled } from "../services/shops.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  await recordShopUninstalled(shop);
  return new Response();
};

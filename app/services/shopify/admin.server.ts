import { unauthenticated } from "../../shopify.server";
import { SyncError } from "../errors";
import type { Logger } from "../logger";
import { createShopifyGraphql, type ShopifyGraphql } from "./admin-graphql";

/**
 * The Admin GraphQL API of one shop for background work, through the shop's offline session.
 * A shop without a session has uninstalled the app: that is an `auth` SyncError that processors treat as "skip".
 */
export async function getShopifyGraphql(shop: string, logger: Logger): Promise<ShopifyGraphql> {
  try {
    const { admin } = await unauthenticated.admin(shop);
    return createShopifyGraphql(admin.graphql, { shop, logger });
  } catch (error) {
    if ((error as Error)?.name === "SessionNotFoundError") {
      throw new SyncError("auth", `${shop} has no offline session: the app is not installed there any more.`, { shop, uninstalled: true });
    }
    throw error;
  }
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { enqueueWebhookEvent } from "../queues.server";
import { getAppLogger } from "../logger.server";
import { verifyShopifyWebhook } from "../services/shopify/webhook-verify.server";
import { acceptWebhook } from "../services/webhook-inbox";

// Every sync and compliance topic (see app/services/webhook-topics.ts and shopify.app.toml): store, queue, 200.
export const action = ({ request }: ActionFunctionArgs) =>
  acceptWebhook(request, {
    db: getDb(),
    verify: verifyShopifyWebhook,
    enqueue: enqueueWebhookEvent,
    logger: getAppLogger(),
  });

import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { enqueueWebhookEvent } from "../queues.server";
import { getAppLogger } from "../logger.server";
import { authenticate } from "../shopify.server";
import { acceptWebhook } from "../services/webhook-inbox";

// Every sync and compliance topic (see app/services/webhook-topics.ts and shopify.app.toml): store, queue, 200.
export const action = ({ request }: ActionFunctionArgs) =>
  acceptWebhook(request, {
    db: getDb(),
    authenticate: authenticate.webhook,
    enqueue: enqueueWebhookEvent,
    logger: getAppLogger(),
  });

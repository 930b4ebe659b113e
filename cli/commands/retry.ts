import type { Command } from "commander";
import { normalizeShopDomain } from "../../app/services/shop-registry";
import { requeueWebhookEvent, retryFailedSync } from "../../app/services/sync/retry-failed";
import { createQueues, redisConnection } from "../../workers/queues";
import type { CommandRunner } from "../context";
import { printResult } from "../output";

export function registerRetryCommand(program: Command, run: CommandRunner): void {
  program
    .command("retry")
    .description("run a shop's failed syncs again (after fixing what the sync log asked for); a worker must be running")
    .requiredOption("--shop <domain>", "the shop's myshopify.com domain")
    .option("--all-failed", "also every failed webhook delivery, not only the failed orders and customers")
    .action(function (this: Command) {
      const opts = this.opts<{ shop: string; allFailed?: boolean }>();
      return run(async (ctx, output) => {
        const shop = normalizeShopDomain(opts.shop);
        const queues = createQueues(redisConnection(ctx.config.redisUrl));
        try {
          const report = await retryFailedSync(
            { db: ctx.db, enqueue: (data) => requeueWebhookEvent(queues, data) },
            { shop, allFailed: opts.allFailed === true },
          );
          printResult(output, report, () =>
            [
              report.requeued.length === 0
                ? `Nothing to retry for ${shop}.`
                : `Queued ${report.requeued.length} delivery(ies) again for ${shop}: ${report.requeued.map((r) => `${r.entity} ${r.entityId ?? r.eventId} (${r.topic})`).join(", ")}.`,
              ...report.withoutDelivery.map(
                (r) => `No stored delivery for ${r.entity} ${r.sourceId}: save it again in Shopify to send it.`,
              ),
              ...(report.unreadable.length > 0 ? [`Left out ${report.unreadable.length} delivery(ies) whose body is not readable JSON.`] : []),
            ].join("\n"),
          );
        } finally {
          await queues.close();
        }
      })();
    });
}

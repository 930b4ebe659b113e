import type { Command } from "commander";
import { SyncError } from "../../app/services/errors";
import { normalizeShopDomain } from "../../app/services/shop-registry";
import { backfillShop, type BackfillCounts } from "../../app/services/sync/backfill";
import { createCrmAccessLoader } from "../../app/services/sync/crm-access";
import type { CommandRunner } from "../context";
import { printResult } from "../output";

export function registerBackfillCommand(program: Command, run: CommandRunner): void {
  program
    .command("backfill")
    .description("send a shop's customers and orders changed since a date to RetailCRM, in batches (safe to run again)")
    .requiredOption("--shop <domain>", "the shop's myshopify.com domain")
    .requiredOption("--since <date>", "first change to include, e.g. 2026-01-01 or 2026-01-01T00:00:00Z")
    .action(function (this: Command) {
      const opts = this.opts<{ shop: string; since: string }>();
      return run(async (ctx, output) => {
        const shop = normalizeShopDomain(opts.shop);
        const since = new Date(opts.since);
        if (Number.isNaN(since.getTime())) {
          throw new SyncError("validation", `"${opts.since}" is not a date; use the form 2026-01-01 or 2026-01-01T00:00:00Z.`, { since: opts.since });
        }
        const crmFor = createCrmAccessLoader({
          db: ctx.db,
          encryptionKey: ctx.config.encryptionKey,
          limiter: ctx.crmLimiter,
          logger: ctx.logger,
          timeoutMs: ctx.config.crm.requestTimeoutMs,
          waitForSlots: true,
        });
        const report = await backfillShop(
          { db: ctx.db, logger: ctx.logger },
          {
            shop,
            since,
            crm: await crmFor(shop),
            shopify: await ctx.shopifyGraphql(shop),
            // Progress goes to stderr, so --json output stays one document.
            onProgress: (entity, counts) => process.stderr.write(`${entity}: ${describeCounts(counts)}\n`),
          },
        );
        printResult(output, report, () =>
          [
            `Backfill of ${shop} since ${report.since} finished.`,
            `Customers: ${describeCounts(report.customers)}`,
            `Orders:    ${describeCounts(report.orders)}`,
            report.customers.failed + report.orders.failed > 0 ? "See the sync log for the failed ones; fix them and run `retry` or this command again." : "",
          ]
            .filter(Boolean)
            .join("\n"),
        );
      })();
    });
}

function describeCounts(counts: BackfillCounts): string {
  return `${counts.read} read, ${counts.sent} sent, ${counts.unchanged} already up to date, ${counts.failed} failed${counts.upTo ? ` (up to ${counts.upTo})` : ""}`;
}

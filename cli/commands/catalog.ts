import type { Command } from "commander";
import { buildCatalog, type CatalogBuildResult } from "../../app/services/catalog/catalog-build";
import { createCatalogBuildLock } from "../../app/services/catalog/catalog-build-lock";
import type { CatalogAtConnect, CatalogConnectDeps } from "../../app/services/catalog/catalog-connect";
import { getCatalogStatus } from "../../app/services/catalog/catalog-status";
import { rotateIcmlToken } from "../../app/services/catalog/catalog-token";
import { normalizeShopDomain } from "../../app/services/shop-registry";
import { createQueues, jobIds, QUEUES, redisConnection, type QueueSet } from "../../workers/queues";
import type { CliContext, CommandRunner } from "../context";
import { formatTable, printResult } from "../output";

/** Runs `work` with the catalog's queues and lock, and closes the queues. */
export async function withCatalogDeps<T>(ctx: CliContext, work: (deps: CatalogConnectDeps) => Promise<T>): Promise<T> {
  const queues: QueueSet = createQueues(redisConnection(ctx.config.redisUrl));
  try {
    return await work({
      db: ctx.db,
      logger: ctx.logger,
      appUrl: ctx.config.shopify.appUrl,
      shopifyGraphql: (shop) => ctx.shopifyGraphql(shop),
      queues,
      lock: createCatalogBuildLock(ctx.redis),
    });
  } finally {
    await queues.close();
  }
}

export function registerCatalogCommands(program: Command, run: CommandRunner): void {
  const catalog = program.command("catalog").description("the shop's ICML catalog: build it, see its state, replace its URL");

  catalog
    .command("build")
    .description("build the shop's catalog now, in this process, and publish it")
    .requiredOption("--shop <domain>", "the shop's myshopify.com domain")
    .action(function (this: Command) {
      const opts = this.opts<{ shop: string }>();
      return run(async (ctx, output) => {
        const shop = normalizeShopDomain(opts.shop);
        const result = await withCatalogDeps(ctx, async (deps) =>
          buildCatalog({ ...deps, graphql: await deps.shopifyGraphql(shop) }, { shop, trigger: "manual" }),
        );
        printResult(output, result, () => describeBuild(result));
      })();
    });

  catalog
    .command("status")
    .description("recent builds, the served file, and when the CRM last downloaded it")
    .requiredOption("--shop <domain>", "the shop's myshopify.com domain")
    .action(function (this: Command) {
      const opts = this.opts<{ shop: string }>();
      return run(async (ctx, output) => {
        const shop = normalizeShopDomain(opts.shop);
        const status = await getCatalogStatus(ctx.db, shop, { appUrl: ctx.config.shopify.appUrl });
        const scheduler = await withCatalogDeps(ctx, (deps) => deps.queues.get(QUEUES.catalog).getJobScheduler(jobIds.catalogScheduler(shop)));
        const nextScheduledBuild = scheduler?.next ? new Date(scheduler.next) : null;
        printResult(output, { ...status, nextScheduledBuild }, () =>
          [
            `Catalog URL:     ${status.url ?? "none yet — connect the shop to RetailCRM first"}`,
            `Served file:     ${status.file ? `${status.file.offers} offers, ${formatBytes(status.file.bytes)} gzipped, data as of ${status.file.generatedAt.toISOString()}` : "none yet"}`,
            `Pending changes: ${status.dirtySince ? `since ${status.dirtySince.toISOString()} (a rebuild is queued)` : "none"}`,
            `Last download:   ${status.lastFetch ? `${status.lastFetch.fetchedAt.toISOString()} by ${status.lastFetch.userAgent ?? "an unnamed client"} (HTTP ${status.lastFetch.status})` : "never"}; ${status.fetchesLastWeek} in the last 7 days`,
            `Next scheduled:  ${nextScheduledBuild ? nextScheduledBuild.toISOString() : "no schedule (the shop is not connected)"}`,
            "Recent builds:",
            formatTable(
              status.builds.map((build) => ({
                created: build.createdAt,
                trigger: build.trigger,
                status: build.status,
                offers: build.offers,
                size: build.bytes ? formatBytes(build.bytes) : "-",
                took: build.startedAt && build.finishedAt ? `${((build.finishedAt.getTime() - build.startedAt.getTime()) / 1000).toFixed(1)} s` : "-",
                error: build.error,
              })),
            ),
          ].join("\n"),
        );
      })();
    });

  catalog
    .command("rotate-token")
    .description("give the catalog a new secret URL (the old one stops working) and write it into the CRM site")
    .requiredOption("--shop <domain>", "the shop's myshopify.com domain")
    .action(function (this: Command) {
      const opts = this.opts<{ shop: string }>();
      return run(async (ctx, output) => {
        const rotation = await rotateIcmlToken(
          { db: ctx.db, appUrl: ctx.config.shopify.appUrl, encryptionKey: ctx.config.encryptionKey, makeCrmClient: ctx.makeCrmClient },
          normalizeShopDomain(opts.shop),
        );
        printResult(output, rotation, () =>
          [
            `New catalog URL: ${rotation.url}`,
            "The previous URL answers 404 from now on.",
            rotation.crmUpdated ? "RetailCRM's site now loads the catalog from the new URL." : "The shop is not connected to RetailCRM, so nothing was changed there.",
          ].join("\n"),
        );
      })();
    });
}

export function describeBuild(result: CatalogBuildResult): string {
  return [
    `Built the catalog of ${result.shop} in ${(result.durationMs / 1000).toFixed(1)} s: ${result.offers} offers from ${result.products} products ` +
      `in ${result.categories} categories, ${formatBytes(result.bytes)} gzipped (${result.mode === "bulk" ? "Bulk Operation" : "paged"} read).`,
    result.published ? "It is now the served file." : "A build that read Shopify later had already published its file, which stays served.",
  ].join("\n");
}

/** The catalog lines of `connect`'s output. */
export function describeCatalogAtConnect(catalog: CatalogAtConnect): string[] {
  const lines = [
    `Catalog URL: ${catalog.url}`,
    catalog.crmSiteUpdated
      ? "RetailCRM's site now loads its catalog from this URL (ICML mode)."
      : `RetailCRM's site could not be pointed at it (${catalog.crmError}). Paste the URL into the site's "URL of ICML file" in RetailCRM.`,
  ];
  const variants = catalog.variants === null ? "" : ` (${catalog.variants} variants)`;
  const build = catalog.build;
  if (build.state === "built") lines.push(`Catalog built now${variants}: ${build.result.offers} offers, ${formatBytes(build.result.bytes)} gzipped.`);
  else if (build.reason === "over_limit") lines.push(`The shop is large${variants}: its catalog is built in the background by the worker, not while connecting.`);
  else if (build.reason === "build_running") lines.push("A catalog build is already running; its file is served when it finishes.");
  else lines.push(`The catalog could not be built now${variants}: ${build.error ?? "unknown reason"} The worker tries again in the background.`);
  lines.push(
    catalog.scheduled
      ? "It is rebuilt every 4 hours, and a few minutes after products change."
      : `The 4-hourly rebuild could not be registered (${catalog.scheduleError}); it is registered when a worker starts.`,
  );
  return lines;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

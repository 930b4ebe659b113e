import type { Command } from "commander";
import { connectCrm } from "../../app/services/crm-connection";
import { addShopWithToken, getShopStatus, listShops, normalizeShopDomain, type ShopStatus } from "../../app/services/shop-registry";
import type { CommandRunner } from "../context";
import { describeCatalogAtConnect, withCatalogDeps } from "./catalog";
import { formatTable, printResult } from "../output";

export function registerShopCommands(program: Command, run: CommandRunner): void {
  const shop = program.command("shop").description("manage installed shops");
  shop
    .command("add")
    .description("record a shop installed with an Admin API access token (custom apps, tests)")
    .requiredOption("--shop <domain>", "the shop's myshopify.com domain")
    .requiredOption("--token <token>", "Admin API access token (shpat_...)")
    .option("--scopes <list>", "granted scopes, comma-separated (default: SCOPES)")
    .action(function (this: Command) {
      const opts = this.opts<{ shop: string; token: string; scopes?: string }>();
      return run(async (ctx, output) => {
        const result = await addShopWithToken(
          { db: ctx.db, sessionStorage: ctx.sessionStorage },
          { shop: opts.shop, accessToken: opts.token, scopes: opts.scopes?.split(",") ?? ctx.config.shopify.scopes },
        );
        printResult(output, result, () => `Added ${result.shop} (status: ${result.status}).`);
      })();
    });

  program
    .command("connect")
    .description("connect a shop to a RetailCRM account (checks the key's scopes and site access first)")
    .requiredOption("--shop <domain>", "the shop's myshopify.com domain")
    .requiredOption("--crm-url <url>", "the RetailCRM account address, e.g. https://yourshop.retailcrm.ru")
    .requiredOption("--api-key <key>", "a RetailCRM API key")
    .option("--site <code>", "the CRM site (store) code, when the key reaches several")
    .action(function (this: Command) {
      const opts = this.opts<{ shop: string; crmUrl: string; apiKey: string; site?: string }>();
      return run(async (ctx, output) => {
        const connection = await withCatalogDeps(ctx, (catalog) =>
          connectCrm(
            { ...ctx.crmConnectionDeps, catalog },
            { shop: normalizeShopDomain(opts.shop), crmUrl: opts.crmUrl, apiKey: opts.apiKey, site: opts.site },
          ),
        );
        printResult(output, connection, () =>
          [
            `Connected ${connection.shop} to ${connection.crmUrl}, site "${connection.site}"${connection.siteName ? ` (${connection.siteName})` : ""}.`,
            `The API key is stored encrypted.`,
            ...(connection.catalog ? describeCatalogAtConnect(connection.catalog) : []),
          ].join("\n"),
        );
      })();
    });

  program
    .command("shops")
    .description("list the shops this app knows")
    .action(
      run(async (ctx, output) => {
        const shops = await listShops(ctx.db);
        printResult(output, shops, () => formatTable(shops.map(({ shop, status, crmUrl, crmSite }) => ({ shop, status, crmUrl, crmSite }))));
      }),
    );

  program
    .command("status")
    .description("show one shop's connection and sync state")
    .requiredOption("--shop <domain>", "the shop's myshopify.com domain")
    .action(function (this: Command) {
      const opts = this.opts<{ shop: string }>();
      return run(async (ctx, output) => {
        const status = await getShopStatus(ctx.db, opts.shop);
        printResult(output, status, () =>
          [
            `Shop:            ${status.shop} (${status.status})`,
            `Offline session: ${status.hasOfflineSession ? "yes" : "no — reinstall the app or run shop add"}`,
            `CRM:             ${status.crmUrl ? `${status.crmUrl}, site ${status.crmSite}` : "not connected"}`,
            `Webhook events:  ${describeWebhookEvents(status.webhookEvents)}`,
            `Ledger:          ${Object.entries(status.ledger).map(([state, n]) => `${state} ${n}`).join(", ") || "empty"}`,
            `Catalog:         ${status.lastCatalogBuild ? `${status.lastCatalogBuild.status}, ${status.lastCatalogBuild.offers} offers` : "never built"}`,
            `CRM cursors:     ${Object.entries(status.cursors).map(([entity, id]) => `${entity} ${id}`).join(", ") || "none"}`,
            ...(status.failures.length
              ? ["", "Needs attention (retry with: npm run cli -- retry --shop <domain> --all-failed):"]
              : []),
            ...status.failures.map((f) => `  ${f.entity} ${f.sourceId} (${f.state}, ${f.attempts} attempt(s)): ${f.lastError ?? "no reason recorded"}`),
          ].join("\n"),
        );
      })();
    });
}

function describeWebhookEvents(events: ShopStatus["webhookEvents"]): string {
  const counts = Object.entries(events.byStatus).map(([status, n]) => `${status} ${n}`).join(", ");
  const waiting = events.oldestWaitingSince
    ? `oldest waiting since ${events.oldestWaitingSince.toISOString()} (${Math.round((Date.now() - events.oldestWaitingSince.getTime()) / 60_000)} min)`
    : "none waiting";
  return `${events.total}${counts ? ` (${counts})` : ""}; ${waiting}`;
}

import { Command } from "commander";
import { registerBackfillCommand } from "./commands/backfill";
import { registerCatalogCommands } from "./commands/catalog";
import { registerRetryCommand } from "./commands/retry";
import { registerShopCommands } from "./commands/shops";
import { CliContext } from "./context";
import { printError, type OutputOptions } from "./output";

// Operator CLI: npm run cli -- <command> [--json]. Exit codes: 0 done, 1 failed, 2 bad usage.

const program = new Command("cli")
  .description("Shopify ⇄ RetailCRM connector: operator commands")
  .option("--json", "print machine-readable JSON")
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

function run(action: (ctx: CliContext, options: OutputOptions) => Promise<void>) {
  return async () => {
    const options = program.opts<OutputOptions>();
    const ctx = new CliContext();
    try {
      await action(ctx, options);
    } catch (error) {
      printError(options, error);
      process.exitCode = 1;
    } finally {
      await ctx.close();
    }
  };
}

registerShopCommands(program, run);
registerRetryCommand(program, run);
registerBackfillCommand(program, run);
registerCatalogCommands(program, run);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { exitCode?: number }).exitCode;
  process.exitCode = code === 0 ? 0 : 2;
}

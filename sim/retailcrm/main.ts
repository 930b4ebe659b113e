import { parseArgs } from "node:util";
import { createCrmSimulator } from "./index";

const USAGE = "Usage: tsx sim/retailcrm/main.ts [--port 4100] [--host 127.0.0.1] [--rate-limit 10] [--demo-key KEY] [--seed default|empty]";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4100" },
    host: { type: "string", default: "127.0.0.1" },
    "rate-limit": { type: "string", default: "10" },
    "demo-key": { type: "string", default: "demo-crm-key" },
    seed: { type: "string", default: "default" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
const rateLimit = Number(values["rate-limit"]);
if (!Number.isInteger(port) || port < 0 || !Number.isFinite(rateLimit) || rateLimit < 0) {
  console.error(`Invalid --port or --rate-limit.\n${USAGE}`);
  process.exit(2);
}
if (values.seed !== "default" && values.seed !== "empty") {
  console.error(`--seed must be "default" or "empty".\n${USAGE}`);
  process.exit(2);
}

const simulator = createCrmSimulator({ rateLimitPerSecond: rateLimit, seed: values.seed });
const demoKey = values["demo-key"];
const demoSite = values.seed === "default" ? "shop-1" : "demo";
if (values.seed === "empty") simulator.addSite({ code: demoSite, name: "Demo shop" });
simulator.addApiKey({ key: demoKey, sites: [demoSite] });

const url = await simulator.listen(port, values.host);
console.log(`RetailCRM simulator listening on ${url}`);
console.log(`API key: ${demoKey} (all scopes, site ${demoSite})`);
console.log(`Try: curl -H 'X-API-KEY: ${demoKey}' ${url}/api/credentials`);
console.log(`Control endpoints: ${url}/__sim/export, POST ${url}/__sim/faults, /__sim/keys, /__sim/reset, /__sim/user-edit`);

const shutdown = () => {
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

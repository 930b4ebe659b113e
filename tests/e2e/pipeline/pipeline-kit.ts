import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { getConfig } from "../../../app/config.server";
import { createDb, type Db } from "../../../app/db.server";
import { createCrmSimulator, type CrmSimulator } from "../../../sim/retailcrm/index";
import type { CrmSimCustomer, CrmSimOrder, CrmSimRequestRecord } from "../../../sim/retailcrm/index";
import { createShopifySimulator, type ShopifySimulator, type SimShop } from "../../../sim/shopify/index";
import { QUEUES, redisConnection } from "../../../workers/queues";
import { runCli, type CliRun } from "../../helpers/cli";
import { testRedisUrl } from "../../helpers/queues";
import { claimRedisDatabase, type ClaimedRedisDatabase } from "../../../scripts/lib/redis-database";
import { storeConnectedShop } from "../../helpers/shopify-session";
import { ensureAppBuild, startAppServer, type AppServer } from "../../../scripts/lib/app-server";

// The whole connector as it runs in production, in separate processes: the Shopify simulator sends signed webhooks
// to the built web app (remix-serve), which stores and queues them; a worker process (tsx workers/index.ts) syncs
// them into the RetailCRM simulator. Redis is a database of its own per kit, because both processes use BullMQ's
// default prefix; the SQL database is the run's test database, so shops keep tests apart.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const API_KEY = "pipeline-api-key";
const API_SECRET = "pipeline-api-secret";
const OUTPUT_LIMIT = 20_000;

export interface WorkerProcess {
  readonly pid: number;
  /** What the worker printed so far (warnings and errors; LOG_LEVEL=warn). */
  output(): string;
  /** True until the process exits. */
  isRunning(): boolean;
  /** Ends the process at once, as a crash or `kill -9` would: in-flight jobs are left active in Redis. */
  kill(): Promise<void>;
  /** SIGTERM: the worker finishes in-flight jobs and exits. */
  stop(): Promise<void>;
}

export interface PipelineShop {
  readonly domain: string;
  readonly site: string;
  readonly crmApiKey: string;
  readonly sim: SimShop;
  /** Every RetailCRM request made with this shop's key. */
  crmRequests(): CrmSimRequestRecord[];
  /** The POSTs among them: creates, edits and uploads. */
  crmWrites(): CrmSimRequestRecord[];
  crmCustomers(): CrmSimCustomer[];
  crmOrders(): CrmSimOrder[];
  crmCustomer(shopifyCustomerId: number | string): CrmSimCustomer | undefined;
  crmOrder(shopifyOrderId: number | string): CrmSimOrder | undefined;
  /** Waits until Shopify delivered everything, no event of the shop waits in the inbox and the sync queue is idle. */
  settle(timeoutMs?: number): Promise<void>;
  cli(args: string[]): Promise<CliRun>;
}

export interface NewShopOptions {
  settings?: Record<string, unknown>;
  /** Register and connect through the operator CLI (`shop add`, `connect`), which also publishes the catalog. */
  viaCli?: boolean;
  /** Called with the simulated shop before it is connected (e.g. to create products for the catalog). */
  prepare?(sim: SimShop): void;
}

export interface PipelineKit {
  readonly db: Db;
  readonly crm: CrmSimulator;
  readonly shopify: ShopifySimulator;
  readonly app: AppServer;
  readonly redisUrl: string;
  readonly syncQueue: Queue;
  /** The worker process currently running (replaced by startWorker). */
  readonly worker: WorkerProcess;
  startWorker(): Promise<WorkerProcess>;
  newShop(options?: NewShopOptions): Promise<PipelineShop>;
  /** Worker and app output, for failure messages. */
  describeProcesses(): string;
  close(): Promise<void>;
}

export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; intervalMs?: number; what: string; explain?: () => string },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what}.${options.explain ? `\n${options.explain()}` : ""}`);
    await sleep(options.intervalMs ?? 100);
  }
}

function keepTail(text: string): string {
  return text.length > OUTPUT_LIMIT ? text.slice(-OUTPUT_LIMIT) : text;
}

function spawnWorker(env: Record<string, string>): WorkerProcess {
  // node --import tsx (not the tsx launcher, which forks a second process): SIGKILL must reach the worker itself.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: ROOT, env: { ...env, NODE_ENV: "test" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const append = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid ?? -1,
    output: () => output,
    isRunning: () => !hasExited(),
    async kill() {
      if (!hasExited()) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (hasExited()) return;
      child.kill("SIGTERM");
      const forceKill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(forceKill);
    },
  };
}

export async function startPipelineKit(): Promise<PipelineKit> {
  const build = await ensureAppBuild();
  if (build.built) console.log(`pipeline e2e: built the app in ${build.durationMs} ms`);
  const databaseUrl = inject("databaseUrl");
  const db = createDb(databaseUrl);
  const redisDb: ClaimedRedisDatabase = await claimRedisDatabase(testRedisUrl(), { holder: "a pipeline test" });
  const crm = createCrmSimulator({ rateLimitPerSecond: 10 });
  const shopify = createShopifySimulator({ apiKey: API_KEY, apiSecret: API_SECRET, throttle: false, webhooks: { retryScale: 0.05 } });
  let app: AppServer | undefined;
  try {
    return await assembleKit({ databaseUrl, db, redisDb, crm, shopify, crmUrl: await crm.listen(), started: (server) => (app = server) });
  } catch (error) {
    await app?.stop();
    await Promise.allSettled([shopify.close(), crm.close(), db.$disconnect(), redisDb.release()]);
    throw error;
  }
}

async function assembleKit(parts: {
  databaseUrl: string;
  db: Db;
  redisDb: ClaimedRedisDatabase;
  crm: CrmSimulator;
  shopify: ShopifySimulator;
  crmUrl: string;
  started(app: AppServer): void;
}): Promise<PipelineKit> {
  const { databaseUrl, db, redisDb, crm, shopify, crmUrl } = parts;
  await shopify.listen(0, "127.0.0.1");

  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisDb.url,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_SIM_URL: shopify.url,
  };
  const app = await startAppServer(baseEnv);
  parts.started(app);
  shopify.webhooks.setWebhookUrl(app.url);
  const env = { ...baseEnv, SHOPIFY_APP_URL: app.url };
  const syncQueue = new Queue(QUEUES.sync, { connection: redisConnection(redisDb.url) });
  const workers: WorkerProcess[] = [];
  let worker = spawnWorker(env);
  workers.push(worker);
  const encryptionKey = getConfig().encryptionKey;

  const kit: PipelineKit = {
    db,
    crm,
    shopify,
    app,
    redisUrl: redisDb.url,
    syncQueue,
    get worker() {
      return worker;
    },
    async startWorker() {
      worker = spawnWorker(env);
      workers.push(worker);
      return worker;
    },
    describeProcesses: () => `--- worker ${worker.pid}:\n${keepTail(worker.output())}\n--- app:\n${keepTail(app.output())}`,
    async newShop(options = {}) {
      const label = randomUUID().slice(0, 8);
      const domain = `pipeline-${label}.myshopify.com`;
      const site = `site-${label}`;
      const crmApiKey = `pipeline-key-${randomUUID()}`;
      crm.addSite({ code: site, currency: "USD", countryIso: "US" });
      crm.addApiKey({ key: crmApiKey, sites: [site] });
      const sim = shopify.addShop(domain);
      options.prepare?.(sim);
      const cli = (args: string[]) => runCli(args, env);
      if (options.viaCli) {
        for (const args of [
          ["shop", "add", "--shop", domain, "--token", sim.accessToken],
          ["connect", "--shop", domain, "--crm-url", crmUrl, "--api-key", crmApiKey, "--site", site],
        ]) {
          const run = await cli(args);
          if (run.code !== 0) throw new Error(`cli ${args.join(" ")} failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
        }
        if (options.settings) await db.shop.update({ where: { domain }, data: { settings: JSON.stringify(options.settings) } });
      } else {
        await storeConnectedShop(db, { domain, accessToken: sim.accessToken, crmUrl, site, crmApiKey, encryptionKey, settings: options.settings });
      }

      const crmRequests = () => crm.requests.filter((request) => request.apiKey === crmApiKey);
      const ofSite = <T extends { site: string }>(rows: T[]) => rows.filter((row) => row.site === site);
      return {
        domain,
        site,
        crmApiKey,
        sim,
        crmRequests,
        crmWrites: () => crmRequests().filter((request) => request.method === "POST"),
        crmCustomers: () => ofSite(crm.snapshot().customers),
        crmOrders: () => ofSite(crm.snapshot().orders),
        crmCustomer: (id) => ofSite(crm.snapshot().customers).find((customer) => customer.externalId === String(id)),
        crmOrder: (id) => ofSite(crm.snapshot().orders).find((order) => order.externalId === String(id)),
        cli,
        async settle(timeoutMs = 20_000) {
          await shopify.webhooks.settle();
          let last = "";
          await waitFor(
            async () => {
              const [unhandled, counts, delayed] = await Promise.all([
                db.webhookEvent.count({ where: { shop: domain, status: "received" } }),
                syncQueue.getJobCounts("waiting", "active", "prioritized", "waiting-children"),
                syncQueue.getDelayed(),
              ]);
              // The worker's inbox sweep always has its next run waiting; it is not work of this shop.
              counts.delayed = delayed.filter((job) => job.name !== "inbox-sweep").length;
              last = `${unhandled} event(s) unhandled, jobs ${JSON.stringify(counts)}`;
              return unhandled === 0 && Object.values(counts).every((count) => count === 0);
            },
            { timeoutMs, what: `the sync of ${domain} to settle`, explain: () => `${last}\n${kit.describeProcesses()}` },
          );
        },
      };
    },
    async close() {
      for (const running of workers) await running.stop();
      await app.stop();
      await syncQueue.close();
      await shopify.close();
      await crm.close();
      await db.$disconnect();
      await redisDb.release();
    },
  };
  return kit;
}

/** Expires what a killed worker left behind in Redis, as the passing of their time limits would. */
export async function expireLocksOfDeadWorkers(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const keys = [...(await redis.keys("bull:*:lock")), ...(await redis.keys("entity-lock:*")), ...(await redis.keys("bull:*:stalled-check"))];
    for (const key of keys) await redis.pexpire(key, 1);
    await sleep(5);
    return keys.length;
  } finally {
    redis.disconnect();
  }
}

/**
 * Runs BullMQ's own stalled-job check now, as a worker would on its next round (every 30 s by default), until the
 * jobs a dead worker left active are back in the wait list. Call it after expireLocksOfDeadWorkers and while no
 * live worker holds jobs.
 */
export async function recoverStalledJobs(kit: Pick<PipelineKit, "redisUrl" | "syncQueue">, timeoutMs = 10_000): Promise<void> {
  const checker = new Worker(QUEUES.sync, null, { connection: redisConnection(kit.redisUrl), autorun: false, stalledInterval: 100 });
  try {
    await checker.startStalledCheckTimer();
    await waitFor(async () => (await kit.syncQueue.getActiveCount()) === 0, { timeoutMs, what: "BullMQ to move the stalled jobs back to the wait list" });
  } finally {
    await checker.close();
  }
}

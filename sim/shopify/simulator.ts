import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createBulkService, type SimBulkControls } from "./graphql/bulk-operations";
import type { SimGraphqlContext } from "./graphql/context";
import { createThrottleBucket, type SimThrottleBucket, type SimThrottleConfig, type SimThrottleStatus } from "./graphql/throttle-bucket";
import { answerGraphqlRequest, type SimGraphqlRequest } from "./http/graphql-endpoint";
import { createSimHttpServer, type SimHttpResponse, type SimRequestKind, type SimRoutedRequest } from "./http/server";
import { answerAccessTokenRequest } from "./http/token-exchange";
import { ADMIN_SCHEMA_VERSION, loadAdminSchema } from "./schema";
import { seedDemoShop, type SimDemoSeed } from "./seed-demo";
import { createShopActions, type SimShopActions } from "./shop-actions";
import { createShopState, stampAfter, type SimShopContext, type SimShopState } from "./store/shop-state";
import type { SimWeightUnit } from "./store/types";
import { createWebhookDispatcher, type SimWebhookDispatcher, type SimWebhookOptions } from "./webhooks/dispatcher";
import { SIM_COMPLIANCE_TOPICS, type SimWebhookTopic } from "./webhooks/topics";

export interface ShopifySimulatorOptions {
  /** The app's client secret: signs webhooks and session tokens. */
  apiSecret: string;
  /** The app's client id; when set, token exchange checks `client_id` and the session token's `aud`. */
  apiKey?: string;
  /** Only "2026-10" (the schema kept in tests/fixtures/shopify). */
  apiVersion?: string;
  /** Base URL of the app, e.g. http://127.0.0.1:3000; webhooks go to `<webhookUrl><subscription path>`. */
  webhookUrl?: string;
  /** Leaky bucket per shop (default 2000 points, 100 per second); false turns throttling off. */
  throttle?: SimThrottleConfig | false;
  /** When true (default), `assertNoViolations()` throws; when false it only warns. */
  strict?: boolean;
  webhooks?: SimWebhookOptions;
  bulk?: { stepMs?: number; maxConcurrent?: number };
  now?: () => number;
  /** Called for each violation as it is recorded (e.g. to print it). */
  onViolation?: (violation: SimViolation) => void;
}

export interface SimAddShopOptions {
  /** Default: a random `shpat_…` token, returned on the handle. */
  accessToken?: string;
  scopes?: string[];
  name?: string;
  email?: string;
  currencyCode?: string;
  countryCode?: string;
  ianaTimezone?: string;
  weightUnit?: SimWeightUnit;
  primaryDomainHost?: string;
}

export type SimViolationKind = "invalid-document" | "deprecated-usage" | "not-implemented" | "unhandled-request";

export interface SimViolation {
  kind: SimViolationKind;
  message: string;
  details: string[];
  shop: string | null;
  operationName: string | null;
  query: string | null;
  at: number;
}

export interface SimRequestLogEntry {
  at: number;
  method: string;
  path: string;
  shop: string | null;
  kind: SimRequestKind;
  status: number;
  operationName: string | null;
  query: string | null;
  variables: unknown;
  requestedCost: number | null;
  throttled: boolean;
  /** Answered by a `failNext` rule. */
  scripted: boolean;
}

export interface SimFailOptions {
  times?: number;
  /** Which requests to fail; default "graphql". */
  kind?: SimRequestKind | "any";
  body?: unknown;
  headers?: Record<string, string>;
  /** Close the connection without answering instead of sending `status`. */
  drop?: boolean;
}

export interface SimShop extends SimShopActions {
  readonly domain: string;
  readonly accessToken: string;
  readonly scopes: readonly string[];
  /** The live store, for assertions that need more than the helpers give. */
  readonly state: SimShopState;
  readonly throttle: { status(): SimThrottleStatus; setAvailable(points: number): void };
  readonly bulk: SimBulkControls;
}

export type SimWebhooks = Omit<SimWebhookDispatcher, "emit" | "close" | "setWebhookUrl"> & {
  /** Sends any payload on any topic for a shop, through the normal delivery machinery. */
  send(shop: string, topic: string, payload: unknown): void;
  setWebhookUrl(url: string | undefined): void;
};

export interface ShopifySimulator {
  /** `http://host:port` once listening. */
  readonly url: string;
  readonly apiVersion: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  addShop(domain: string, options?: SimAddShopOptions): SimShop;
  shop(domain: string): SimShop;
  /** Fills a shop (added if missing) with varied demo data; sends no webhooks unless asked. */
  seedDemo(domain: string, options?: { webhooks?: boolean }): SimDemoSeed;
  readonly requests: SimRequestLogEntry[];
  readonly violations: SimViolation[];
  assertNoViolations(): void;
  clearViolations(): void;
  /** The next matching request(s) get `status` (e.g. 503, 429, 500) instead of being served. */
  failNext(status: number, options?: SimFailOptions): void;
  readonly webhooks: SimWebhooks;
}

export const SIM_DEFAULT_SCOPES = [
  "read_customers",
  "write_customers",
  "read_orders",
  "write_orders",
  "read_all_orders",
  "write_order_edits",
  "read_products",
  "read_inventory",
  "read_locations",
  "write_merchant_managed_fulfillment_orders",
];

interface ShopRuntime {
  state: SimShopState;
  ctx: SimShopContext;
  bucket: SimThrottleBucket | null;
  handle: SimShop;
}

interface FailRule extends SimFailOptions {
  status: number;
  remaining: number;
}

const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

export function createShopifySimulator(options: ShopifySimulatorOptions): ShopifySimulator {
  const apiVersion = options.apiVersion ?? ADMIN_SCHEMA_VERSION;
  if (apiVersion !== ADMIN_SCHEMA_VERSION) {
    throw new Error(`The Shopify simulator serves API version ${ADMIN_SCHEMA_VERSION} only (its schema file); got "${apiVersion}".`);
  }
  loadAdminSchema();
  const now = options.now ?? Date.now;
  const strict = options.strict ?? true;
  const throttleConfig = options.throttle === false ? null : (options.throttle ?? { maximumAvailable: 2000, restoreRate: 100 });
  const shops = new Map<string, ShopRuntime>();
  const requests: SimRequestLogEntry[] = [];
  const violations: SimViolation[] = [];
  const failRules: FailRule[] = [];
  let nextId = 7_100_000_000_000;
  let silenced = 0;
  let server: Server | null = null;
  let baseUrl: string | null = null;

  const dispatcher = createWebhookDispatcher({
    apiSecret: options.apiSecret,
    apiVersion,
    webhookUrl: options.webhookUrl,
    options: options.webhooks,
    now,
  });

  function recordViolation(violation: Omit<SimViolation, "at">): void {
    const full = { ...violation, at: now() };
    violations.push(full);
    options.onViolation?.(full);
  }

  const bulk = createBulkService({
    stepMs: options.bulk?.stepMs ?? 20,
    maxConcurrent: options.bulk?.maxConcurrent ?? 1,
    baseUrl: () => baseUrl ?? "",
    apiKey: options.apiKey ?? "sim-api-key",
    onViolation: (kind, message, details) => recordViolation({ kind, message, details, shop: null, operationName: "bulkOperationRunQuery", query: null }),
  });

  function requireShop(domain: string): ShopRuntime {
    const runtime = shops.get(domain);
    if (!runtime) throw new Error(`Shop ${domain} is not in the Shopify simulator; call sim.addShop("${domain}") first.`);
    return runtime;
  }

  function addShop(domain: string, shopOptions: SimAddShopOptions = {}): SimShop {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) {
      throw new Error(`"${domain}" is not a shop domain; use the form "<name>.myshopify.com".`);
    }
    if (shops.has(domain)) throw new Error(`Shop ${domain} is already in the Shopify simulator.`);
    const handleName = domain.replace(".myshopify.com", "");
    const state = createShopState({
      domain,
      accessToken: shopOptions.accessToken ?? `shpat_${randomBytes(16).toString("hex")}`,
      scopes: [...(shopOptions.scopes ?? SIM_DEFAULT_SCOPES)],
      locationId: ++nextId,
      info: {
        id: ++nextId,
        name: shopOptions.name ?? handleName,
        email: shopOptions.email ?? `owner@${handleName}.example`,
        currencyCode: shopOptions.currencyCode ?? "USD",
        countryCode: shopOptions.countryCode ?? "US",
        ianaTimezone: shopOptions.ianaTimezone ?? "America/New_York",
        weightUnit: shopOptions.weightUnit ?? "KILOGRAMS",
        primaryDomainHost: shopOptions.primaryDomainHost ?? domain,
        createdAt: stampAfter(now()),
      },
    });
    const ctx: SimShopContext = {
      state,
      nextId: () => ++nextId,
      now,
      stamp: (previous) => stampAfter(now(), previous),
      emit: (topic, payload) => {
        if (silenced > 0) return;
        if (!state.installed && topic !== "app/uninstalled" && !SIM_COMPLIANCE_TOPICS.includes(topic)) return;
        dispatcher.emit(domain, topic, payload);
      },
    };
    const bucket = throttleConfig ? createThrottleBucket(throttleConfig, now) : null;
    const handle: SimShop = {
      ...createShopActions(ctx),
      domain,
      get accessToken() {
        return state.accessToken;
      },
      get scopes() {
        return state.scopes;
      },
      state,
      throttle: {
        status: () => bucket?.status() ?? fallbackThrottleStatus(),
        setAvailable: (points) => {
          if (!bucket) throw new Error("Throttling is off in this simulator (throttle: false).");
          bucket.setAvailable(points);
        },
      },
      bulk: bulk.controls(domain),
    };
    shops.set(domain, { state, ctx, bucket, handle });
    return handle;
  }

  function fallbackThrottleStatus(): SimThrottleStatus {
    return { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 };
  }

  function unhandled(request: SimRoutedRequest, message: string, status = 404): SimHttpResponse {
    recordViolation({
      kind: "unhandled-request",
      message,
      details: [`${request.method} ${request.path}`],
      shop: request.shop,
      operationName: null,
      query: null,
    });
    return { status, body: { errors: "Not Found" } };
  }

  function parseBody(request: SimRoutedRequest): Record<string, unknown> | null {
    const type = String(request.headers["content-type"] ?? "");
    try {
      if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(request.rawBody));
      const parsed: unknown = JSON.parse(request.rawBody);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  function isTokenValid(state: SimShopState, token: string | undefined): boolean {
    if (!token || !state.installed) return false;
    const entry = state.tokens.get(token);
    return entry !== undefined && (entry.expiresAt === null || entry.expiresAt > now());
  }

  function defaultFailureBody(status: number): unknown {
    if (status === 429) return { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." };
    if (status === 503) return { errors: "Service Unavailable" };
    if (status >= 500) return { errors: "Internal Server Error" };
    return { errors: `Scripted ${status} from the Shopify simulator` };
  }

  server = createSimHttpServer({
    async graphql(request, version) {
      if (!request.shop) return unhandled(request, "A GraphQL request named no shop: use /shops/<shop>.myshopify.com/admin/… (see sim/shopify/fetch-redirect.ts)");
      const runtime = shops.get(request.shop);
      if (!runtime) return unhandled(request, `The app called shop ${request.shop}, which is not in the simulator`);
      if (version !== apiVersion) return unhandled(request, `The app called API version ${version}; the simulator serves ${apiVersion}`);
      const token = request.headers["x-shopify-access-token"];
      if (!isTokenValid(runtime.state, Array.isArray(token) ? token[0] : token)) return { status: 401, body: UNAUTHORIZED };
      const body = parseBody(request);
      if (!body) return { status: 400, body: { errors: "The request body is not JSON" } };
      const ctx: SimGraphqlContext = {
        shop: runtime.ctx,
        bulk: false,
        baseUrl: baseUrl ?? "",
        apiKey: options.apiKey ?? "sim-api-key",
        bulkRunner: bulk.runner,
        searchWarnings: [],
      };
      const answer = await answerGraphqlRequest(body as SimGraphqlRequest, ctx, runtime.bucket, fallbackThrottleStatus());
      for (const violation of answer.violations) {
        recordViolation({
          ...violation,
          shop: request.shop,
          operationName: answer.operationName,
          query: typeof body.query === "string" ? body.query : null,
        });
      }
      return {
        status: answer.status,
        body: answer.body,
        headers: { "X-Shopify-API-Version": apiVersion },
        meta: { operationName: answer.operationName, requestedCost: answer.requestedCost, throttled: answer.throttled },
      };
    },
    async accessToken(request) {
      if (!request.shop) return unhandled(request, "An access-token request named no shop: use /shops/<shop>.myshopify.com/admin/oauth/access_token");
      const runtime = shops.get(request.shop);
      if (!runtime) return unhandled(request, `Token exchange for shop ${request.shop}, which is not in the simulator (call addShop: it stands for "app installed")`);
      const body = parseBody(request);
      if (!body) return { status: 400, body: { error: "invalid_request", error_description: "The request body is not JSON or a form" } };
      return answerAccessTokenRequest(runtime.state, body, { apiKey: options.apiKey, apiSecret: options.apiSecret, now: now() });
    },
    bulkResult(path) {
      const file = bulk.readFile(path);
      return file === undefined
        ? { status: 404, body: "Not Found", contentType: "text/plain" }
        : { status: 200, body: file, contentType: "application/jsonl" };
    },
    unknown(request) {
      return unhandled(request, "The simulator has no route for this request");
    },
    takeFailure(kind) {
      const rule = failRules.find((candidate) => candidate.remaining > 0 && (candidate.kind === "any" || (candidate.kind ?? "graphql") === kind));
      if (!rule) return undefined;
      rule.remaining -= 1;
      if (rule.remaining === 0) failRules.splice(failRules.indexOf(rule), 1);
      return {
        status: rule.status,
        body: rule.body ?? defaultFailureBody(rule.status),
        headers: rule.headers ?? (rule.status === 429 ? { "Retry-After": "1" } : undefined),
        drop: rule.drop,
        meta: { scripted: true },
      };
    },
    log(request, kind, response) {
      const body = kind === "graphql" ? parseBody(request) : null;
      requests.push({
        at: now(),
        method: request.method,
        path: request.path,
        shop: request.shop,
        kind,
        status: response.status,
        operationName: response.meta?.operationName ?? null,
        query: typeof body?.query === "string" ? body.query : null,
        variables: body?.variables ?? null,
        requestedCost: response.meta?.requestedCost ?? null,
        throttled: response.meta?.throttled ?? false,
        scripted: response.meta?.scripted ?? false,
      });
    },
  });

  const webhooks: SimWebhooks = {
    get deliveries() {
      return dispatcher.deliveries;
    },
    get events() {
      return dispatcher.events;
    },
    subscribe: dispatcher.subscribe,
    unsubscribe: dispatcher.unsubscribe,
    unsubscribeAll: dispatcher.unsubscribeAll,
    subscriptions: dispatcher.subscriptions,
    duplicate: dispatcher.duplicate,
    reorder: dispatcher.reorder,
    delay: dispatcher.delay,
    pause: dispatcher.pause,
    flush: dispatcher.flush,
    settle: dispatcher.settle,
    sendRaw: dispatcher.sendRaw,
    setWebhookUrl: dispatcher.setWebhookUrl,
    send(shop, topic, payload) {
      requireShop(shop).ctx.emit(topic as SimWebhookTopic, payload);
    },
  };

  return {
    get url() {
      if (!baseUrl) throw new Error("The Shopify simulator is not listening yet; await sim.listen() first.");
      return baseUrl;
    },
    apiVersion,
    listen(port = 0, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        const target = server;
        if (!target) return reject(new Error("The Shopify simulator is closed."));
        target.once("error", reject);
        target.listen(port, host, () => {
          const address = target.address() as AddressInfo;
          baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
          resolve(baseUrl);
        });
      });
    },
    async close() {
      dispatcher.close();
      bulk.close();
      const target = server;
      server = null;
      if (!target || !target.listening) return;
      target.closeAllConnections();
      await new Promise<void>((resolve) => target.close(() => resolve()));
    },
    addShop,
    shop: (domain) => requireShop(domain).handle,
    seedDemo(domain, seedOptions = {}) {
      const handle = shops.get(domain)?.handle ?? addShop(domain);
      if (!seedOptions.webhooks) silenced += 1;
      try {
        return seedDemoShop(handle);
      } finally {
        if (!seedOptions.webhooks) silenced -= 1;
      }
    },
    requests,
    violations,
    assertNoViolations() {
      if (violations.length === 0) return;
      const report = violations
        .map((violation) => `- [${violation.kind}] ${violation.message}${violation.operationName ? ` (${violation.operationName})` : ""}: ${violation.details.join(" | ")}`)
        .join("\n");
      const message = `The Shopify simulator recorded ${violations.length} violation(s):\n${report}`;
      if (strict) throw new Error(message);
      console.warn(message);
    },
    clearViolations() {
      violations.length = 0;
    },
    failNext(status, failOptions = {}) {
      failRules.push({ ...failOptions, status, remaining: failOptions.times ?? 1 });
    },
    webhooks,
  };
}

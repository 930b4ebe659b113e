import { createHmac, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { defaultWebhookPath, SIM_WEBHOOK_TOPICS } from "./topics";

export interface SimWebhookAttempt {
  at: number;
  /** HTTP status, or null when the request failed or timed out (see `error`). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export type SimWebhookDeliveryState = "held" | "pending" | "delivered" | "failed";

export interface SimWebhookDelivery {
  topic: string;
  shop: string;
  url: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  apiVersion: string;
  subscriptionName: string;
  body: string;
  /** 1 for the original, 2… for copies made by `duplicate(n)`. */
  copy: number;
  attempts: SimWebhookAttempt[];
  state: SimWebhookDeliveryState;
}

export interface SimWebhookEvent {
  topic: string;
  shop: string;
  eventId: string;
  triggeredAt: string;
  payload: unknown;
}

export interface SimWebhookOptions {
  /** Multiplies every retry delay; 0.001 turns Shopify's minutes into milliseconds. Default 1. */
  retryScale?: number;
  /** Delays before the 2nd, 3rd, … attempt (before scaling). Default 1 s, 2 s, 4 s … 64 s. */
  retryDelaysMs?: number[];
  /** Shopify waits 5 s for a response. */
  timeoutMs?: number;
  /** Attempts per delivery, the first included. Default 8. */
  maxAttempts?: number;
  /** topic → path on the app. Default: every topic at `/webhooks/<topic>`. */
  subscriptions?: Partial<Record<string, string>>;
}

export interface SimRawWebhookOptions {
  badHmac?: boolean;
  /** Extra or replacing headers. */
  headers?: Record<string, string>;
  /** Header names to leave out (e.g. "X-Shopify-Webhook-Id"). */
  omitHeaders?: string[];
  /** Path to post to instead of the subscription's. */
  path?: string;
}

interface SimSubscription {
  path: string;
  name: string;
}

const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000, 32000, 64000];

export type SimWebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;

export function createWebhookDispatcher(config: {
  apiSecret: string;
  apiVersion: string;
  webhookUrl?: string;
  options?: SimWebhookOptions;
  now: () => number;
}) {
  const options = config.options ?? {};
  const retryScale = options.retryScale ?? 1;
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxAttempts = options.maxAttempts ?? 8;
  let webhookUrl = config.webhookUrl;
  const subscriptions = new Map<string, SimSubscription>();
  const initial = options.subscriptions ?? Object.fromEntries(SIM_WEBHOOK_TOPICS.map((topic) => [topic, defaultWebhookPath(topic)]));
  for (const [topic, path] of Object.entries(initial)) if (path) subscriptions.set(topic, { path, name: subscriptionName(topic) });

  const deliveries: SimWebhookDelivery[] = [];
  const events: SimWebhookEvent[] = [];
  const held: SimWebhookDelivery[] = [];
  const pending = new Set<Promise<void>>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  let copies = 1;
  let paused = false;
  let releaseOrder: "in-order" | "reverse" | "shuffle" = "in-order";
  let delayMs = 0;
  let closed = false;

  function sign(body: string): string {
    return createHmac("sha256", config.apiSecret).update(body, "utf8").digest("base64");
  }

  function headersOf(delivery: SimWebhookDelivery): Record<string, string> {
    return {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Hmac-Sha256": sign(delivery.body),
      "X-Shopify-Shop-Domain": delivery.shop,
      "X-Shopify-API-Version": delivery.apiVersion,
      "X-Shopify-Webhook-Id": delivery.webhookId,
      "X-Shopify-Event-Id": delivery.eventId,
      "X-Shopify-Triggered-At": delivery.triggeredAt,
      "X-Shopify-Name": delivery.subscriptionName,
    };
  }

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  }

  async function attempt(delivery: SimWebhookDelivery, headers: Record<string, string>): Promise<SimWebhookAttempt> {
    const started = config.now();
    const result = await postOnce(delivery.url, headers, delivery.body, timeoutMs);
    const record = { at: started, status: result.status, error: result.error, durationMs: config.now() - started };
    delivery.attempts.push(record);
    return record;
  }

  /** Runs the first attempt, then retries in the background; resolves after the first attempt. */
  function start(delivery: SimWebhookDelivery): Promise<void> {
    delivery.state = "pending";
    let firstDone!: () => void;
    const firstAttempt = new Promise<void>((resolve) => (firstDone = resolve));
    const run = (async () => {
      await sleep(delayMs);
      for (let number = 1; number <= maxAttempts && !closed; number += 1) {
        if (number > 1) await sleep((retryDelays[Math.min(number - 2, retryDelays.length - 1)] ?? 0) * retryScale);
        if (closed) break;
        const result = await attempt(delivery, headersOf(delivery));
        if (number === 1) firstDone();
        if (result.status !== null && result.status >= 200 && result.status < 300) {
          delivery.state = "delivered";
          return;
        }
      }
      delivery.state = "failed";
    })().finally(() => {
      firstDone();
      pending.delete(run);
    });
    pending.add(run);
    return firstAttempt;
  }

  function emit(shop: string, topic: string, payload: unknown): SimWebhookDelivery[] {
    const eventId = randomUUID();
    const triggeredAt = new Date(config.now()).toISOString();
    events.push({ topic, shop, eventId, triggeredAt, payload });
    const subscription = subscriptions.get(topic);
    if (!subscription || !webhookUrl || closed) return [];
    const body = JSON.stringify(payload);
    const webhookId = randomUUID();
    const created: SimWebhookDelivery[] = [];
    for (let copy = 1; copy <= copies; copy += 1) {
      const delivery: SimWebhookDelivery = {
        topic,
        shop,
        url: joinUrl(webhookUrl, subscription.path),
        webhookId,
        eventId,
        triggeredAt,
        apiVersion: config.apiVersion,
        subscriptionName: subscription.name,
        body,
        copy,
        attempts: [],
        state: "held",
      };
      deliveries.push(delivery);
      created.push(delivery);
      if (paused) held.push(delivery);
      else void start(delivery);
    }
    return created;
  }

  return {
    deliveries,
    events,
    setWebhookUrl(url: string | undefined): void {
      webhookUrl = url;
    },
    subscribe(topic: string, path: string, name = subscriptionName(topic)): void {
      subscriptions.set(topic, { path, name });
    },
    unsubscribe(topic: string): void {
      subscriptions.delete(topic);
    },
    unsubscribeAll(): void {
      subscriptions.clear();
    },
    subscriptions(): Record<string, string> {
      return Object.fromEntries([...subscriptions].map(([topic, subscription]) => [topic, subscription.path]));
    },
    emit,
    /** Deliver every following event `times` times in all (same webhook and event id); 1 turns it off. */
    duplicate(times: number): void {
      copies = Math.max(1, Math.floor(times));
    },
    /** Hold new deliveries until `flush()`, which sends them in reverse (or shuffled) order. */
    reorder(mode: "reverse" | "shuffle" = "reverse"): void {
      paused = true;
      releaseOrder = mode;
    },
    /** Wait this long before the first attempt of each new delivery; 0 turns it off. */
    delay(ms: number): void {
      delayMs = Math.max(0, ms);
    },
    /** Hold new deliveries until `flush()`. */
    pause(): void {
      paused = true;
    },
    /**
     * Sends held deliveries one after another (each waits for the previous first attempt, so the app sees
     * them in the release order) and resumes normal sending. Resolves after every first attempt.
     */
    async flush(): Promise<void> {
      const batch = held.splice(0, held.length);
      if (releaseOrder === "reverse") batch.reverse();
      if (releaseOrder === "shuffle") shuffle(batch);
      paused = false;
      releaseOrder = "in-order";
      for (const delivery of batch) await start(delivery);
    },
    /** Resolves when no delivery is in flight or waiting for a retry (held ones excepted). */
    async settle(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    /** Posts a body as-is, once, signed unless `badHmac`; for malformed-input tests. */
    async sendRaw(shop: string, topic: string, body: string, raw: SimRawWebhookOptions = {}): Promise<SimWebhookAttempt> {
      const path = raw.path ?? subscriptions.get(topic)?.path ?? defaultWebhookPath(topic);
      if (!webhookUrl) throw new Error("Set webhookUrl on the Shopify simulator before sending webhooks.");
      const delivery: SimWebhookDelivery = {
        topic,
        shop,
        url: joinUrl(webhookUrl, path),
        webhookId: randomUUID(),
        eventId: randomUUID(),
        triggeredAt: new Date(config.now()).toISOString(),
        apiVersion: config.apiVersion,
        subscriptionName: subscriptionName(topic),
        body,
        copy: 1,
        attempts: [],
        state: "pending",
      };
      deliveries.push(delivery);
      const headers = headersOf(delivery);
      if (raw.badHmac) headers["X-Shopify-Hmac-Sha256"] = sign(`${body} tampered`);
      const omitted = new Set((raw.omitHeaders ?? []).map((name) => name.toLowerCase()));
      const finalHeaders = Object.fromEntries(
        Object.entries({ ...headers, ...raw.headers }).filter(([name]) => !omitted.has(name.toLowerCase())),
      );
      const result = await attempt(delivery, finalHeaders);
      delivery.state = result.status !== null && result.status < 300 && result.status >= 200 ? "delivered" : "failed";
      return result;
    },
    close(): void {
      closed = true;
      for (const [timer, wake] of timers) {
        clearTimeout(timer);
        wake();
      }
      timers.clear();
    },
  };
}

function subscriptionName(topic: string): string {
  return `sim-${topic.replace(/[/.]/g, "-")}`;
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

function shuffle<T>(items: T[]): void {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
}

function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number | null; error: string | null }> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const bytes = Buffer.from(body, "utf8");
    const req = send(
      target,
      { method: "POST", headers: { ...headers, "Content-Length": String(bytes.length) }, signal: AbortSignal.timeout(timeoutMs) },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? null, error: null }));
        res.on("error", (error) => resolve({ status: null, error: error.message }));
      },
    );
    req.on("error", (error) => {
      const timedOut = error.name === "AbortError" || error.name === "TimeoutError";
      resolve({ status: null, error: timedOut ? `no response within ${timeoutMs} ms` : error.message });
    });
    req.end(bytes);
  });
}

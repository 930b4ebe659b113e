import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCrmClient } from "../../../app/services/crm/client";
import { CrmNetworkError, CrmRateLimitError } from "../../../app/services/crm/errors";
import { createCrmRequester } from "../../../app/services/crm/request";
import { addTestApiKey, makeTestClient, requestsFor, startCrmSim, uniqueId, type CrmSim } from "./crm-test-kit";

let sim: CrmSim;
let url: string;

beforeAll(async () => {
  ({ sim, url } = await startCrmSim());
});

afterEach(() => {
  sim.setFaults({ latencyMs: 0, burst503: 0 });
});

afterAll(async () => {
  await sim.close();
});

describe(createCrmRequester.name, () => {
  it("rides out a burst of three 503s with the default retry budget", async () => {
    // GIVEN a client with default retry settings and the next three requests rate-limited
    const apiKey = addTestApiKey(sim);
    const crm = createCrmClient({ baseUrl: url, apiKey });
    sim.setFaults({ burst503: 3 });

    // WHEN
    const statuses = await crm.reference.statuses();

    // THEN
    expect(statuses.new).toBeDefined();
    expect(requestsFor(sim, apiKey).map((request) => request.status)).toEqual([503, 503, 503, 200]);
  });

  it("gives up with a rate-limit error once the retry budget is spent", async () => {
    // GIVEN
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey, { retry: { attempts: 3, baseDelayMs: 10 } });
    sim.setFaults({ burst503: 10 });

    // WHEN
    const error = await crm.reference.statuses().catch((caught: unknown) => caught);

    // THEN
    expect(error).toBeInstanceOf(CrmRateLimitError);
    expect(error).toMatchObject({ kind: "rate_limited", status: 503, retryable: true });
    expect((error as CrmRateLimitError).retryAfterMs).toBeGreaterThan(0);
    expect(requestsFor(sim, apiKey).map((request) => request.status)).toEqual([503, 503, 503]);
  });

  it("retries a server error and then succeeds", async () => {
    // GIVEN
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey);
    sim.failNext(500, { path: "/api/v5/reference/payment-types" });

    // WHEN
    const paymentTypes = await crm.reference.paymentTypes();

    // THEN
    expect(paymentTypes.cash).toBeDefined();
    expect(requestsFor(sim, apiKey).map((request) => request.status)).toEqual([500, 200]);
  });

  it("sends a rejected order exactly once", async () => {
    // GIVEN an order RetailCRM rejects (courier does not take credit)
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey, { site: "shop-1" });
    const order = {
      externalId: uniqueId("order"),
      items: [{ productName: "Tee", initialPrice: 20, quantity: 1 }],
      delivery: { code: "courier", cost: 5 },
      payments: [{ type: "credit", status: "not-paid", amount: 25 }],
    };

    // WHEN
    const error = await crm.orders.create(order).catch((caught: unknown) => caught);

    // THEN
    expect(error).toMatchObject({ kind: "validation", status: 400, retryable: false });
    expect(requestsFor(sim, apiKey)).toHaveLength(1);
  });

  it("retries a request that times out, then fails with a clear error", async () => {
    // GIVEN RetailCRM answering slower than the client waits
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey, { timeoutMs: 100, retry: { attempts: 3, baseDelayMs: 10 } });
    sim.setFaults({ latencyMs: 400 });

    // WHEN
    const error = await crm.reference.statuses().catch((caught: unknown) => caught);

    // THEN
    expect(error).toBeInstanceOf(CrmNetworkError);
    expect(error).toMatchObject({ kind: "upstream", reason: "timeout", retryable: true });
    expect((error as CrmNetworkError).toPlainWords()).toBe(
      `RetailCRM at ${new URL(url).origin} did not answer within 0.1 s (3 attempts). Check that RetailCRM is up; the connector will try again later.`,
    );
    await sleep(500);
    expect(requestsFor(sim, apiKey)).toHaveLength(3);
  });

  it("retries a dropped connection and then succeeds", async () => {
    // GIVEN the next request's socket is destroyed without an answer
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey);
    sim.failNext(500, { path: "/api/v5/reference/order-methods", drop: true });

    // WHEN
    const orderMethods = await crm.reference.orderMethods();

    // THEN
    expect(orderMethods["shopping-cart"]).toBeDefined();
    expect(requestsFor(sim, apiKey)).toHaveLength(2);
  });

  it("says it could not connect when nothing listens at the address", async () => {
    // GIVEN a closed port
    const closed = await startCrmSim();
    await closed.sim.close();
    const crm = makeTestClient(closed.url, uniqueId("key"), { retry: { attempts: 2, baseDelayMs: 10 } });

    // WHEN
    const error = await crm.apiVersions().catch((caught: unknown) => caught);

    // THEN
    expect(error).toMatchObject({ kind: "upstream", reason: "connection", data: { code: "ECONNREFUSED", attempts: 2 } });
    expect((error as CrmNetworkError).toPlainWords()).toMatch(/^Could not reach RetailCRM at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED, 2 attempts\)/);
  });
});

import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { CrmRateLimiter } from "../../../../sim/retailcrm/rate-limiter";
import { startCrmTestClient, type CrmTestClient } from "./crm-test-client";

describe(CrmRateLimiter.name, () => {
  it("slides a one-second window per key and does not count rejected requests", () => {
    // GIVEN two requests per second
    const limiter = new CrmRateLimiter(2);
    // WHEN requests arrive at these millisecond offsets
    const results = [0, 100, 500, 999, 1001].map((at) => limiter.tryAcquire("k", at));
    // THEN the third and fourth are refused, and at 1001 only the request at 100 is still in the window
    expect(results).toEqual([true, true, false, false, true]);
    expect(limiter.tryAcquire("other", 999)).toBe(true);
  });

  it("is off at 0", () => {
    const limiter = new CrmRateLimiter(0);
    expect(Array.from({ length: 50 }, () => limiter.tryAcquire("k", 1)).every(Boolean)).toBe(true);
  });
});

describe("rate limit, faults and admin endpoints", () => {
  let crm: CrmTestClient;
  afterEach(async () => {
    await crm.close();
  });

  it("answers 503 beyond the per-key limit and recovers after a second", async () => {
    // GIVEN a limit of 3 requests per second
    crm = await startCrmTestClient({ rateLimitPerSecond: 3 });
    crm.sim.addApiKey({ key: "second-key", sites: ["shop-1"] });
    // WHEN five requests go out at once with one key, and one with another key
    const statuses = await Promise.all(Array.from({ length: 5 }, () => crm.get("/api/v5/reference/statuses")));
    const otherKey = await crm.get("/api/v5/reference/statuses", [], "second-key");
    // THEN three pass, two are limited, the other key is unaffected
    expect(statuses.map((response) => response.status).sort()).toEqual([200, 200, 200, 503, 503]);
    expect(statuses.find((response) => response.status === 503)?.body).toEqual({ success: false, errorMsg: "Rate limit exceeded" });
    expect(otherKey.status).toBe(200);
    // WHEN the window has passed
    await sleep(1050);
    const afterWait = await crm.get("/api/v5/reference/statuses");
    // THEN
    expect(afterWait.status).toBe(200);
  });

  it("fails the next matching requests with failNext, then works again", async () => {
    // GIVEN
    crm = await startCrmTestClient();
    crm.sim.failNext(503, { times: 2, path: "/api/v5/orders" });
    // WHEN
    const other = await crm.get("/api/v5/reference/statuses");
    const first = await crm.get("/api/v5/orders");
    const second = await crm.get("/api/v5/orders");
    const third = await crm.get("/api/v5/orders");
    // THEN
    expect(other.status).toBe(200);
    expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
    expect(crm.sim.requests.map((request) => request.status)).toEqual([200, 503, 503, 200]);
  });

  it("can answer with a custom body, such as a missing account's HTML page", async () => {
    crm = await startCrmTestClient();
    crm.sim.failNext(405, { body: "<html><body>405 Not Allowed</body></html>" });
    const response = await fetch(`${crm.url}/api/v5/orders/create`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("405 Not Allowed");
  });

  it("drops the connection when asked to", async () => {
    // GIVEN
    crm = await startCrmTestClient();
    crm.sim.failNext(0, { drop: true });
    // WHEN / THEN the first request fails at the socket, the next succeeds
    await expect(crm.get("/api/v5/reference/statuses")).rejects.toThrow();
    expect((await crm.get("/api/v5/reference/statuses")).status).toBe(200);
    expect(crm.sim.requests[0]).toMatchObject({ status: 0, path: "/api/v5/reference/statuses" });
  });

  it("answers 503 bursts and random errors set with setFaults", async () => {
    crm = await startCrmTestClient();
    crm.sim.setFaults({ burst503: 2 });
    const burst = await Promise.all([crm.get("/api/v5/orders"), crm.get("/api/v5/orders")]);
    const after = await crm.get("/api/v5/orders");
    crm.sim.setFaults({ errorRate: 1 });
    const failing = await crm.get("/api/v5/orders");
    crm.sim.setFaults({ errorRate: 0 });
    expect(burst.map((response) => response.status)).toEqual([503, 503]);
    expect(after.status).toBe(200);
    expect(failing.status).toBe(500);
  });

  it("is controlled at run time over /__sim/ without a key", async () => {
    // GIVEN a simulator with no keys of its own
    crm = await startCrmTestClient();
    const postAdmin = (path: string, body: unknown) =>
      fetch(`${crm.url}/__sim/${path}`, { method: "POST", body: JSON.stringify(body) });
    // WHEN a key, a fault, a user edit and a reset go through HTTP
    expect((await postAdmin("keys", { key: "http-key", sites: ["shop-1"] })).status).toBe(200);
    await crm.post("/api/v5/customers/create", { customer: { externalId: "adm", firstName: "A" } }, "http-key");
    expect((await postAdmin("user-edit", { kind: "customer", by: { externalId: "adm" }, patch: { firstName: "B" } })).status).toBe(200);
    expect((await postAdmin("fail-next", { status: 502, pathPattern: "^/api/v5/customers" })).status).toBe(200);
    const failed = await crm.get("/api/v5/customers", [], "http-key");
    const exported = (await (await fetch(`${crm.url}/__sim/export`)).json()) as {
      customers: Array<{ firstName: string }>;
      requests: Array<{ path: string; body: unknown }>;
    };
    const badAdmin = await postAdmin("faults", { errorRate: 7 });
    expect((await postAdmin("reset", { keepKeys: true })).status).toBe(200);
    const afterReset = await crm.get("/api/v5/customers", [], "http-key");
    // THEN
    expect(failed.status).toBe(502);
    expect(exported.customers[0]?.firstName).toBe("B");
    expect(exported.requests[0]).toMatchObject({
      path: "/api/v5/customers/create",
      body: { customer: { externalId: "adm", firstName: "A" } },
    });
    expect(badAdmin.status).toBe(400);
    expect(afterReset.body.customers).toEqual([]);
  });

  it("resets to the seed, keys included", async () => {
    crm = await startCrmTestClient();
    await crm.post("/api/v5/customers/create", { customer: { externalId: "gone" } });
    crm.sim.reset();
    const snapshot = crm.sim.snapshot();
    expect(snapshot.customers).toEqual([]);
    expect(snapshot.apiKeys).toEqual([]);
    expect(snapshot.sites.map((site) => site.code)).toEqual(["shop-1", "shop-2"]);
    expect((await crm.get("/api/v5/customers")).status).toBe(403);
  });
});

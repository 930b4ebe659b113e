import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseBracketParams } from "../../../../sim/retailcrm/request-params";
import { startCrmTestClient, type CrmTestClient } from "./crm-test-client";

describe(parseBracketParams.name, () => {
  it("reads [] and [n] arrays and nested maps the way PHP does", () => {
    // GIVEN query pairs in both array styles
    const pairs: Array<[string, string]> = [
      ["filter[ids][]", "7"],
      ["filter[ids][]", "8"],
      ["filter[externalIds][1]", "b"],
      ["filter[externalIds][0]", "a"],
      ["filter[email]", "x@y.io"],
      ["limit", "50"],
    ];
    // WHEN parsed
    const params = parseBracketParams(pairs);
    // THEN arrays are ordered by index and scalars stay strings
    expect(params).toEqual({
      filter: { ids: ["7", "8"], externalIds: ["a", "b"], email: "x@y.io" },
      limit: "50",
    });
  });

  it("ignores prototype-polluting names", () => {
    const params = parseBracketParams([["__proto__[polluted]", "1"], ["a[constructor][x]", "1"]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(params).toEqual({});
  });
});

describe("API authentication and input", () => {
  let crm: CrmTestClient;
  beforeEach(async () => {
    crm = await startCrmTestClient();
  });
  afterEach(async () => {
    await crm.close();
  });

  it("answers 403 with the real messages for a missing, a wrong and an out-of-scope key", async () => {
    // GIVEN a key that may only read orders
    crm.sim.addApiKey({ key: "orders-only", scopes: ["order_read"] });
    // WHEN calling without a key, with an unknown key, and outside the scope
    const missing = await fetch(`${crm.url}/api/v5/reference/sites`);
    const wrong = await crm.get("/api/v5/reference/sites", [], "nope");
    const denied = await crm.get("/api/v5/reference/sites", [], "orders-only");
    const allowed = await crm.get("/api/v5/orders", [], "orders-only");
    // THEN
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual({ success: false, errorMsg: '"apiKey" is missing.' });
    expect(wrong).toEqual({ status: 403, body: { success: false, errorMsg: 'Wrong "apiKey" value.' } });
    expect(denied).toEqual({ status: 403, body: { success: false, errorMsg: "Access denied." } });
    expect(allowed.status).toBe(200);
  });

  it("accepts the key as a query parameter and as a form field", async () => {
    // WHEN the key comes without the header
    const viaQuery = await fetch(`${crm.url}/api/v5/reference/statuses?apiKey=test-key`);
    const viaForm = await fetch(`${crm.url}/api/v5/customers/create`, {
      method: "POST",
      body: new URLSearchParams({ apiKey: "test-key", customer: JSON.stringify({ externalId: "c-form", firstName: "Ann" }) }),
    });
    // THEN both authenticate
    expect(viaQuery.status).toBe(200);
    expect(viaForm.status).toBe(201);
  });

  it("rejects a JSON body as a missing form parameter", async () => {
    // WHEN an order is posted as application/json
    const response = await fetch(`${crm.url}/api/v5/orders/create`, {
      method: "POST",
      headers: { "X-API-KEY": "test-key", "content-type": "application/json" },
      body: JSON.stringify({ order: { externalId: "1" } }),
    });
    // THEN the form field is missing, and nothing is created
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, errorMsg: "Parameter 'order' is missing" });
    expect(crm.sim.snapshot().orders).toHaveLength(0);
    expect(crm.sim.requests.at(-1)).toMatchObject({ path: "/api/v5/orders/create", status: 400, body: expect.stringContaining("order") });
  });

  it("rejects an entity field that is not valid JSON", async () => {
    const response = await crm.post("/api/v5/orders/create", { order: "{not json" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ success: false, errorMsg: "Errors in the entity format", errors: { order: expect.any(String) } });
  });

  it("filters lists by bracket params in both array styles", async () => {
    // GIVEN three customers
    const ids: number[] = [];
    for (const externalId of ["a", "b", "c"]) {
      const created = await crm.post("/api/v5/customers/create", { customer: { externalId, firstName: externalId } });
      ids.push(created.body.id as number);
    }
    // WHEN filtering with filter[ids][] and with filter[externalIds][0]
    const byIds = await crm.get("/api/v5/customers", [
      ["filter[ids][]", String(ids[0])],
      ["filter[ids][]", String(ids[2])],
    ]);
    const byExternalIds = await crm.get("/api/v5/customers", [["filter[externalIds][0]", "b"]]);
    // THEN
    expect((byIds.body.customers as Array<{ externalId: string }>).map((c) => c.externalId)).toEqual(["a", "c"]);
    expect((byExternalIds.body.customers as Array<{ externalId: string }>).map((c) => c.externalId)).toEqual(["b"]);
    expect(byIds.body.pagination).toEqual({ limit: 20, totalCount: 2, currentPage: 1, totalPageCount: 1 });
  });

  it("allows only limits 20, 50 and 100", async () => {
    const bad = await crm.get("/api/v5/orders", { limit: "30" });
    const good = await crm.get("/api/v5/orders", { limit: "100" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ success: false, errorMsg: "Errors in the input parameters", errors: { limit: expect.any(String) } });
    expect(good.body.pagination).toMatchObject({ limit: 100, totalCount: 0 });
  });

  it("answers unknown routes and wrong methods like the API", async () => {
    const unknown = await crm.get("/api/v5/nothing-here");
    const wrongMethod = await crm.post("/api/v5/reference/sites", {});
    expect(unknown).toEqual({ status: 404, body: { success: false, errorMsg: "API method not found" } });
    expect(wrongMethod.status).toBe(405);
  });
});

describe("site access", () => {
  let crm: CrmTestClient;
  beforeEach(async () => {
    crm = await startCrmTestClient();
    crm.sim.addApiKey({ key: "full-key" });
  });
  afterEach(async () => {
    await crm.close();
  });

  it("describes the key in /api/credentials", async () => {
    const selective = await crm.get("/api/credentials");
    const full = await crm.get("/api/credentials", [], "full-key");
    expect(selective.body).toMatchObject({ success: true, siteAccess: "access_selective", sitesAvailable: ["shop-1"] });
    expect(selective.body.scopes).toContain("order_write");
    expect(selective.body.credentials).toContain("/api/orders/create");
    expect(full.body).toMatchObject({ siteAccess: "access_full", sitesAvailable: ["shop-1", "shop-2"] });
  });

  it("makes a key that reaches several sites send site on writes and externalId lookups", async () => {
    // WHEN the multi-site key writes without site, then with it
    const withoutSite = await crm.post("/api/v5/customers/create", { customer: { externalId: "m1" } }, "full-key");
    const withSite = await crm.post("/api/v5/customers/create", { site: "shop-2", customer: { externalId: "m1" } }, "full-key");
    const lookupWithoutSite = await crm.get("/api/v5/customers/m1", [], "full-key");
    const lookupWithSite = await crm.get("/api/v5/customers/m1", { site: "shop-2" }, "full-key");
    const lookupById = await crm.get(`/api/v5/customers/${String(withSite.body.id)}`, { by: "id" }, "full-key");
    // THEN
    expect(withoutSite).toEqual({ status: 400, body: { success: false, errorMsg: "Parameter 'site' is missing" } });
    expect(withSite.status).toBe(201);
    expect(lookupWithoutSite.body.errorMsg).toBe("Parameter 'site' is missing");
    expect(lookupWithSite.body.customer).toMatchObject({ externalId: "m1", site: "shop-2" });
    expect(lookupById.status).toBe(200);
  });

  it("denies a site the key does not reach and hides its entities", async () => {
    // GIVEN a customer in shop-2
    await crm.post("/api/v5/customers/create", { site: "shop-2", customer: { externalId: "hidden" } }, "full-key");
    // WHEN the shop-1 key writes to shop-2 or looks for the customer
    const write = await crm.post("/api/v5/customers/create", { site: "shop-2", customer: { externalId: "x" } });
    const read = await crm.get("/api/v5/customers/hidden", { site: "shop-2" });
    const list = await crm.get("/api/v5/customers");
    const sites = await crm.get("/api/v5/reference/sites");
    // THEN
    expect(write).toEqual({ status: 403, body: { success: false, errorMsg: "Access denied." } });
    expect(read.status).toBe(403);
    expect(list.body.customers).toEqual([]);
    expect(Object.keys(sites.body.sites as object)).toEqual(["shop-1"]);
  });
});

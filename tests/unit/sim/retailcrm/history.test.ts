import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCrmTestClient, type CrmTestClient } from "./crm-test-client";

type CrmHistoryEntry = Record<string, unknown> & { id: number; field: string };

function readHistory(body: Record<string, unknown>): CrmHistoryEntry[] {
  return body.history as CrmHistoryEntry[];
}

describe("history endpoints", () => {
  let crm: CrmTestClient;
  beforeEach(async () => {
    crm = await startCrmTestClient({}, "our-key");
    crm.sim.addApiKey({ key: "other-tool-key", sites: ["shop-1"] });
  });
  afterEach(async () => {
    await crm.close();
  });

  it("records creation and field changes with increasing ids, snake_case fields and {code} values", async () => {
    // GIVEN an order created and then edited through the API
    await crm.post("/api/v5/orders/create", {
      order: { externalId: "h1", firstName: "Ann", items: [{ productName: "Tee", initialPrice: 10, quantity: 1 }] },
    });
    await crm.post("/api/v5/orders/h1/edit", {
      order: { status: "complete", firstName: "Anna", delivery: { code: "courier", address: { city: "Austin" } }, customFields: { gift: "yes" } },
    });
    // WHEN
    const response = await crm.get("/api/v5/orders/history", { limit: "100" });
    // THEN
    const history = readHistory(response.body);
    const ids = history.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(history[0]).toMatchObject({
      created: true,
      source: "api",
      apiKey: { current: true },
      field: "status",
      newValue: { code: "new" },
      order: { externalId: "h1", firstName: "Ann", items: [expect.objectContaining({ productName: "Tee" })] },
    });
    const changes = Object.fromEntries(history.slice(1).map((entry) => [entry.field, [entry.oldValue, entry.newValue]]));
    expect(changes).toMatchObject({
      status: [{ code: "new" }, { code: "complete" }],
      first_name: ["Ann", "Anna"],
      delivery_type: [null, { code: "courier" }],
      "delivery_address.city": [null, "Austin"],
      custom_gift: [null, "yes"],
    });
    expect(history[1]?.order).toEqual({ id: expect.any(Number), externalId: "h1", site: "shop-1", status: "complete" });
    expect(response.body.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it("tells each key whether a change was made with it (apiKey.current)", async () => {
    // GIVEN a customer created with our key, then edited by another tool's key
    await crm.post("/api/v5/customers/create", { customer: { externalId: "c1", firstName: "Ann" } });
    await crm.post("/api/v5/customers/c1/edit", { customer: { firstName: "Annie" } }, "other-tool-key");
    // WHEN both keys read the history
    const ours = readHistory((await crm.get("/api/v5/customers/history")).body);
    const theirs = readHistory((await crm.get("/api/v5/customers/history", [], "other-tool-key")).body);
    // THEN
    expect(ours.map((entry) => [entry.field, entry.apiKey])).toEqual([
      ["id", { current: true }],
      ["first_name", { current: false }],
    ]);
    expect(theirs.map((entry) => entry.apiKey)).toEqual([{ current: false }, { current: true }]);
    expect(ours[0]).toMatchObject({ created: true, customer: { externalId: "c1", firstName: "Ann" } });
  });

  it("records user edits with source user", async () => {
    // GIVEN
    await crm.post("/api/v5/customers/create", { customer: { externalId: "c2", email: "a@x.io" } });
    // WHEN a CRM user changes the e-mail
    crm.sim.userEdit("customer", { externalId: "c2" }, { email: "b@x.io" });
    // THEN
    const history = readHistory((await crm.get("/api/v5/customers/history")).body);
    expect(history.at(-1)).toMatchObject({
      source: "user",
      user: { id: 1 },
      field: "email",
      oldValue: "a@x.io",
      newValue: "b@x.io",
      customer: { externalId: "c2", site: "shop-1" },
    });
    expect(history.at(-1)).not.toHaveProperty("apiKey");
  });

  it("pages by moving filter[sinceId] forward", async () => {
    // GIVEN 25 customer creations
    for (let index = 0; index < 25; index += 1) {
      crm.sim.userCreate("customer", "shop-1", { externalId: `p${index}` });
    }
    // WHEN walking the history 20 at a time from sinceId 0
    const first = await crm.get("/api/v5/customers/history", { "filter[sinceId]": "0", limit: "20" });
    const firstPage = readHistory(first.body);
    const lastId = firstPage.at(-1)?.id ?? 0;
    const second = await crm.get("/api/v5/customers/history", { "filter[sinceId]": String(lastId), limit: "20" });
    const third = await crm.get("/api/v5/customers/history", { "filter[sinceId]": String(readHistory(second.body).at(-1)?.id), limit: "20" });
    // THEN
    expect(firstPage).toHaveLength(20);
    expect(first.body.pagination).toEqual({ limit: 20, totalCount: 25, currentPage: 1, totalPageCount: 2 });
    expect(readHistory(second.body)).toHaveLength(5);
    expect(readHistory(second.body)[0]?.id).toBeGreaterThan(lastId);
    expect(second.body.pagination).toMatchObject({ totalCount: 5, totalPageCount: 1 });
    expect(readHistory(third.body)).toEqual([]);
  });

  it("records added and removed lines and payment changes", async () => {
    // GIVEN
    const created = await crm.post("/api/v5/orders/create", {
      order: { externalId: "h2", items: [{ productName: "Old", initialPrice: 1 }], payments: [{ type: "cash", externalId: "h2-pay" }] },
    });
    const sinceId = readHistory((await crm.get("/api/v5/orders/history")).body).at(-1)?.id;
    // WHEN a line is swapped and the payment is marked paid
    await crm.post("/api/v5/orders/h2/edit", { order: { items: [{ productName: "New", initialPrice: 2 }] } });
    await crm.post("/api/v5/orders/payments/h2-pay/edit", { payment: { status: "paid" } });
    // THEN
    const history = readHistory((await crm.get("/api/v5/orders/history", { "filter[sinceId]": String(sinceId) })).body);
    const oldLine = (created.body.order as { items: Array<{ id: number }> }).items[0];
    expect(history.map((entry) => [entry.field, entry.oldValue, entry.newValue])).toEqual([
      ["order_product", null, { id: expect.any(Number), offer: { name: "New" } }],
      ["order_product", { id: oldLine?.id, offer: { name: "Old" } }, null],
      ["payments.status", { code: "not-paid" }, { code: "paid" }],
    ]);
    expect(history[2]?.payment).toMatchObject({ externalId: "h2-pay", status: "paid" });
  });

  it("rejects a bad date filter with the real error key", async () => {
    const response = await crm.get("/api/v5/orders/history", { "filter[startDate]": "yesterday" });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({ "children[startDate]": "This value is not valid." });
  });
});

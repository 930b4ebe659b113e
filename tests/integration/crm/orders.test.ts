import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { CrmClient } from "../../../app/services/crm/client";
import type { CrmRateLimiter } from "../../../app/services/crm/rate-limiter";
import { CrmHttpError } from "../../../app/services/crm/errors";
import { createCrmOrdersApi } from "../../../app/services/crm/orders";
import { paginate } from "../../../app/services/crm/pagination";
import type { CrmOrderHistoryEntry, CrmOrderInput } from "../../../app/services/crm/types";
import { addTestApiKey, createTestLimiter, makeTestClient, requestsFor, startCrmSim, uniqueId, type CrmSim } from "./crm-test-kit";

let sim: CrmSim;
let url: string;

beforeAll(async () => {
  ({ sim, url } = await startCrmSim());
});

afterAll(async () => {
  await sim.close();
});

function makeShopClient(limiter?: CrmRateLimiter): { crm: CrmClient; apiKey: string } {
  const apiKey = addTestApiKey(sim);
  return { crm: makeTestClient(url, apiKey, { site: "shop-1", limiter }), apiKey };
}

async function createCustomer(crm: CrmClient): Promise<string> {
  const externalId = uniqueId("cust");
  await crm.customers.create({ externalId, firstName: "Ann", lastName: "Lee", email: `${externalId}@example.com` });
  return externalId;
}

function makeOrder(customerExternalId: string, overrides: Partial<CrmOrderInput> = {}): CrmOrderInput {
  const externalId = uniqueId("order");
  return {
    externalId,
    number: `#${externalId}`,
    createdAt: "2024-05-01 10:05:00",
    orderMethod: "shopping-cart",
    status: "new",
    countryIso: "US",
    firstName: "Ann",
    lastName: "Lee",
    email: `${customerExternalId}@example.com`,
    phone: "+15551234567",
    customer: { externalId: customerExternalId },
    managerComment: "Leave at door",
    items: [
      {
        productName: "Tee - Red / M",
        initialPrice: 20,
        quantity: 2,
        discountManualAmount: 2,
        externalIds: [{ code: "shopify", value: uniqueId("line") }],
      },
    ],
    delivery: { code: "courier", cost: 5, netCost: 5, address: { index: "10001", city: "New York", region: "NY", text: "5th Ave 1" } },
    payments: [{ type: "bank-card", status: "paid", amount: 41, paidAt: "2024-05-01 10:05:00", externalId: uniqueId("tx") }],
    ...overrides,
  };
}

async function drainOrderHistory(crm: CrmClient): Promise<number | undefined> {
  let last: number | undefined;
  for await (const page of crm.orders.iterateHistory()) last = page.lastId;
  return last;
}

describe(createCrmOrdersApi.name, () => {
  it("creates an order with its customer, line, delivery and payment, and reads it back", async () => {
    // GIVEN
    const { crm, apiKey } = makeShopClient();
    const order = makeOrder(await createCustomer(crm));

    // WHEN
    const created = await crm.orders.create(order);
    const byExternalId = await crm.orders.get({ externalId: order.externalId as string });
    const byId = await crm.orders.get({ id: created.id });

    // THEN
    expect(byExternalId).toMatchObject({ id: created.id, externalId: order.externalId, site: "shop-1", managerComment: "Leave at door" });
    expect(byExternalId.items).toEqual([expect.objectContaining({ productName: "Tee - Red / M", initialPrice: 20, quantity: 2 })]);
    expect(byExternalId.payments).toEqual([expect.objectContaining({ type: "bank-card", status: "paid", amount: 41 })]);
    expect(typeof byExternalId.totalSumm).toBe("number");
    expect(byId.externalId).toBe(order.externalId);
    const write = requestsFor(sim, apiKey).find((request) => request.path === "/api/v5/orders/create");
    expect(write?.contentType).toMatch(/application\/x-www-form-urlencoded/);
    expect(write?.body).toMatchObject({ site: "shop-1", order: { externalId: order.externalId } });
  });

  it("edits an order by id", async () => {
    // GIVEN
    const { crm } = makeShopClient();
    const { id } = await crm.orders.create(makeOrder(await createCustomer(crm)));

    // WHEN
    await crm.orders.edit({ id }, { managerComment: "Ring twice", status: "complete" });

    // THEN
    expect(await crm.orders.get({ id })).toMatchObject({ managerComment: "Ring twice", status: "complete" });
  });

  it("rejects a payment type the delivery type does not allow, in plain words, without retrying", async () => {
    // GIVEN courier delivery, which does not take credit
    const { crm, apiKey } = makeShopClient();
    const order = makeOrder(await createCustomer(crm), { payments: [{ type: "credit", status: "not-paid", amount: 41 }] });
    const before = requestsFor(sim, apiKey).length;

    // WHEN
    const error = await crm.orders.create(order).catch((caught: unknown) => caught);

    // THEN
    expect(error).toBeInstanceOf(CrmHttpError);
    expect(error).toMatchObject({ kind: "validation", status: 400 });
    expect((error as CrmHttpError).toPlainWords()).toMatch(
      /^RetailCRM rejected the order: This payment type is not supported for the type of delivery \(payments\[0\]\.type\)/,
    );
    expect(requestsFor(sim, apiKey)).toHaveLength(before + 1);
  });

  it("reports a second order with the same externalId as a conflict", async () => {
    // GIVEN
    const { crm } = makeShopClient();
    const order = makeOrder(await createCustomer(crm));
    await crm.orders.create(order);

    // WHEN
    const error = await crm.orders.create(order).catch((caught: unknown) => caught);

    // THEN
    expect(error).toMatchObject({ kind: "conflict" });
    expect((error as CrmHttpError).toPlainWords()).toMatch(/^RetailCRM already has the order: .*already exists/i);
  });

  it("names the missing customer when an order points at one that does not exist", async () => {
    // GIVEN
    const { crm } = makeShopClient();
    const order = makeOrder(uniqueId("nobody"));

    // WHEN
    const error = await crm.orders.create(order).catch((caught: unknown) => caught);

    // THEN
    expect(error).toMatchObject({ kind: "validation", errors: { "customer.externalId": expect.stringMatching(/not found/) } });
  });

  it("lists orders by filter, page after page", async () => {
    // GIVEN 22 orders uploaded in one batch
    const { crm } = makeShopClient();
    const customer = await createCustomer(crm);
    const orders = Array.from({ length: 22 }, () => makeOrder(customer, { payments: [] }));
    const upload = await crm.orders.upload(orders);
    const externalIds = orders.map((order) => order.externalId as string);

    // WHEN
    const listed = [];
    for await (const order of paginate((page) => crm.orders.list({ externalIds }, { page, limit: 20 }))) listed.push(order);

    // THEN
    expect(upload).toMatchObject({ failed: [] });
    expect(upload.uploaded).toHaveLength(22);
    expect(listed.map((order) => order.externalId).sort()).toEqual([...externalIds].sort());
  });

  it("reports each order an upload rejected instead of throwing", async () => {
    // GIVEN an order already in the CRM and one with a payment courier delivery does not take
    const { crm } = makeShopClient();
    const customer = await createCustomer(crm);
    const existing = makeOrder(customer);
    await crm.orders.create(existing);
    const invalid = makeOrder(customer, { payments: [{ type: "credit", status: "not-paid", amount: 41 }] });
    const fresh = makeOrder(customer);

    // WHEN
    const result = await crm.orders.upload([existing, fresh, invalid]);

    // THEN
    expect(result.uploaded.map((record) => record.externalId)).toEqual([fresh.externalId]);
    expect(result.failed).toEqual(
      expect.arrayContaining([
        { externalId: existing.externalId, error: expect.stringMatching(/already exists/), alreadyExists: true },
        { externalId: invalid.externalId, error: expect.stringMatching(/payment type/), alreadyExists: false },
      ]),
    );
    expect(result.failed).toHaveLength(2);
  });

  it("writes an externalId onto an order created without one", async () => {
    // GIVEN
    const { crm } = makeShopClient();
    const { id } = await crm.orders.create(makeOrder(await createCustomer(crm), { externalId: undefined }));
    const externalId = uniqueId("fixed");

    // WHEN
    await crm.orders.fixExternalIds([{ id, externalId }]);

    // THEN
    expect(await crm.orders.get({ externalId })).toMatchObject({ id, externalId });
  });

  it("adds a payment to an order and marks it paid by its externalId", async () => {
    // GIVEN an order without payments
    const { crm } = makeShopClient();
    const order = makeOrder(await createCustomer(crm), { payments: [] });
    const { id: orderId } = await crm.orders.create(order);
    const paymentExternalId = uniqueId("tx");

    // WHEN
    const { id: paymentId } = await crm.orders.createPayment({
      order: { externalId: order.externalId },
      type: "bank-card",
      status: "not-paid",
      amount: 41,
      externalId: paymentExternalId,
    });
    await crm.orders.editPayment({ externalId: paymentExternalId }, { status: "paid", paidAt: "2024-05-02 09:00:00" });

    // THEN
    const stored = await crm.orders.get({ id: orderId });
    expect(stored.payments).toEqual([expect.objectContaining({ id: paymentId, externalId: paymentExternalId, status: "paid", amount: 41 })]);
  });

  it("pages through order history by moving sinceId", async () => {
    // GIVEN the history so far, then one order edited 21 times
    const { limiter, close } = createTestLimiter();
    onTestFinished(close);
    const { crm } = makeShopClient(limiter);
    const sinceId = await drainOrderHistory(crm);
    const { id } = await crm.orders.create(makeOrder(await createCustomer(crm)));
    for (let edit = 1; edit <= 21; edit++) await crm.orders.edit({ id }, { managerComment: `Note ${edit}` });

    // WHEN
    const entries: CrmOrderHistoryEntry[] = [];
    let pages = 0;
    for await (const page of crm.orders.iterateHistory({ sinceId, limit: 20 })) {
      entries.push(...page.entries);
      pages++;
    }

    // THEN
    const ours = entries.filter((entry) => entry.order.id === id);
    expect(ours[0]).toMatchObject({ created: true, source: "api", apiKey: { current: true } });
    expect(ours[0]?.order.externalId).toBeTruthy();
    expect(ours.filter((entry) => entry.field === "manager_comment").map((entry) => entry.newValue)).toEqual(
      Array.from({ length: 21 }, (_, index) => `Note ${index + 1}`),
    );
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it("sees another key's changes as not its own", async () => {
    // GIVEN an order written with one key
    const { crm: writer } = makeShopClient();
    const { crm: reader } = makeShopClient();
    const sinceId = await drainOrderHistory(reader);
    const { id } = await writer.orders.create(makeOrder(await createCustomer(writer)));

    // WHEN the other key reads the history
    const entries: CrmOrderHistoryEntry[] = [];
    for await (const page of reader.orders.iterateHistory({ sinceId })) entries.push(...page.entries);

    // THEN
    expect(entries.find((entry) => entry.order.id === id)).toMatchObject({ source: "api", apiKey: { current: false } });
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCrmTestClient, type CrmTestClient } from "./crm-test-client";

type CrmOrderBody = Record<string, unknown> & { id: number; items: Array<Record<string, unknown>> };

describe("orders endpoints", () => {
  let crm: CrmTestClient;
  beforeEach(async () => {
    crm = await startCrmTestClient();
    await crm.post("/api/v5/customers/create", { customer: { externalId: "shopify-123", firstName: "Ann", email: "ann@x.io" } });
  });
  afterEach(async () => {
    await crm.close();
  });

  const order = {
    externalId: "5001",
    number: "#1001",
    createdAt: "2024-05-01 10:05:00",
    orderMethod: "shopping-cart",
    status: "new",
    countryIso: "US",
    firstName: "Ann",
    email: "ann@x.io",
    customer: { externalId: "shopify-123" },
    managerComment: "Leave at door",
    items: [
      {
        offer: { externalId: "4455" },
        productName: "Tee - Red / M",
        initialPrice: 20,
        quantity: 2,
        discountManualAmount: 2,
        externalIds: [{ code: "shopify", value: "99887766" }],
      },
    ],
    delivery: { code: "courier", cost: 5, netCost: 5, address: { index: "10001", city: "New York", text: "5th Ave 1" } },
    payments: [{ type: "bank-card", status: "paid", amount: 41, paidAt: "2024-05-01 10:05:00", externalId: "shopify-tx-1" }],
    customFields: { shopify_order_id: "5001" },
  };

  it("creates with 201 and returns the id and the full order", async () => {
    // WHEN
    const created = await crm.post("/api/v5/orders/create", { order });
    // THEN
    expect(created.status).toBe(201);
    const body = created.body as { id: number; order: CrmOrderBody };
    expect(body.order).toMatchObject({
      id: body.id,
      externalId: "5001",
      number: "#1001",
      site: "shop-1",
      currency: "USD",
      status: "new",
      orderType: "eshop-individual",
      managerComment: "Leave at door",
      summ: 36,
      totalSumm: 41,
      prepaySum: 41,
      customer: { externalId: "shopify-123", firstName: "Ann" },
      delivery: { code: "courier", cost: 5, address: { city: "New York" } },
      customFields: { shopify_order_id: "5001" },
    });
    const payments = Object.values(body.order.payments as object);
    expect(payments).toEqual([expect.objectContaining({ type: "bank-card", status: "paid", externalId: "shopify-tx-1" })]);
  });

  it("turns an item whose offer is not in a loaded catalog into a free item named by productName", async () => {
    const created = await crm.post("/api/v5/orders/create", { order });
    const item = (created.body.order as CrmOrderBody).items[0];
    expect(item).toMatchObject({ productName: "Tee - Red / M", offer: { name: "Tee - Red / M" }, quantity: 2, discountTotal: 2 });
    expect(item?.offer).not.toHaveProperty("externalId");
  });

  it("reads by externalId and by id, and 404s an unknown order", async () => {
    const created = await crm.post("/api/v5/orders/create", { order });
    const byExternalId = await crm.get("/api/v5/orders/5001");
    const byId = await crm.get(`/api/v5/orders/${String(created.body.id)}`, { by: "id" });
    const missing = await crm.get("/api/v5/orders/404404");
    expect((byExternalId.body.order as CrmOrderBody).id).toBe(created.body.id);
    expect(byId.body.order).toEqual(byExternalId.body.order);
    expect(missing.status).toBe(404);
  });

  it("answers 'Order already exists.' for a second create with the same externalId", async () => {
    await crm.post("/api/v5/orders/create", { order });
    const second = await crm.post("/api/v5/orders/create", { order: { ...order, payments: [] } });
    expect(second.status).toBe(400);
    expect(second.body.errorMsg).toBe("Order already exists.");
  });

  it("keeps externalIds unique per site, not per account", async () => {
    crm.sim.addApiKey({ key: "shop-2-key", sites: ["shop-2"] });
    await crm.post("/api/v5/customers/create", { customer: { externalId: "shopify-123" } }, "shop-2-key");
    await crm.post("/api/v5/orders/create", { order: { ...order, payments: [] } });
    const otherSite = await crm.post("/api/v5/orders/create", { order: { ...order, payments: [] } }, "shop-2-key");
    expect(otherSite.status).toBe(201);
  });

  it("answers 'Order is not loaded' when customer.externalId points nowhere", async () => {
    const response = await crm.post("/api/v5/orders/create", { order: { ...order, customer: { externalId: "ghost" } } });
    expect(response).toEqual({
      status: 400,
      body: {
        success: false,
        errorMsg: "Order is not loaded",
        errors: { "customer.externalId": "Customer with externalId=ghost not found." },
      },
    });
    expect(crm.sim.snapshot().orders).toHaveLength(0);
  });

  it("refuses a payment type the delivery type does not accept", async () => {
    const response = await crm.post("/api/v5/orders/create", {
      order: { ...order, payments: [{ type: "credit", amount: 41 }] },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      errorMsg: "Order is not loaded",
      errors: { "payments[0].type": "This payment type is not supported for the type of delivery" },
    });
  });

  it("rejects unknown dictionary codes", async () => {
    const response = await crm.post("/api/v5/orders/create", {
      order: { ...order, status: "teleported", orderMethod: "pigeon", delivery: { code: "drone" } },
    });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors as object).sort()).toEqual(["delivery.code", "orderMethod", "status"]);
  });

  it("keeps payment externalIds unique across the whole account", async () => {
    // GIVEN an order in shop-1 whose payment is shopify-tx-1
    crm.sim.addApiKey({ key: "shop-2-key", sites: ["shop-2"] });
    await crm.post("/api/v5/orders/create", { order });
    // WHEN shop-2 sends a payment with the same externalId, inline and through payments/create
    const inline = await crm.post("/api/v5/orders/create", { order: { ...order, customer: undefined } }, "shop-2-key");
    await crm.post("/api/v5/orders/create", { order: { externalId: "s2", items: [] } }, "shop-2-key");
    const separate = await crm.post(
      "/api/v5/orders/payments/create",
      { payment: { order: { externalId: "s2" }, type: "cash", amount: 1, externalId: "shopify-tx-1" } },
      "shop-2-key",
    );
    // THEN both are refused
    expect(inline.body.errors).toEqual({ "payments[0].externalId": "Payment with externalId=shopify-tx-1 already exists." });
    expect(separate.status).toBe(400);
    expect(separate.body.errors).toEqual({ externalId: "Payment with externalId=shopify-tx-1 already exists." });
  });

  it("creates and edits payments through orders/payments", async () => {
    // GIVEN an order without payments
    await crm.post("/api/v5/orders/create", { order: { ...order, payments: [] } });
    // WHEN a payment is added, then marked paid by its externalId
    const created = await crm.post("/api/v5/orders/payments/create", {
      payment: { order: { externalId: "5001" }, type: "cash", externalId: "pay-1" },
    });
    const edited = await crm.post("/api/v5/orders/payments/pay-1/edit", { payment: { status: "paid" } });
    const missing = await crm.post("/api/v5/orders/payments/nope/edit", { payment: { status: "paid" } });
    const read = await crm.get("/api/v5/orders/5001");
    // THEN the amount defaulted to the order total and the order counts it as paid
    expect(created).toEqual({ status: 201, body: { success: true, id: expect.any(Number) } });
    expect(edited.body).toEqual({ success: true, id: created.body.id });
    expect(missing).toEqual({ status: 404, body: { success: false, errorMsg: "Payment not found" } });
    expect(read.body.order).toMatchObject({ prepaySum: 41, payments: { [String(created.body.id)]: { status: "paid", amount: 41 } } });
  });

  it("replaces items on edit, keeping the lines whose id is sent", async () => {
    // GIVEN an order with two lines
    const created = await crm.post("/api/v5/orders/create", {
      order: {
        ...order,
        payments: [],
        items: [
          { productName: "Keep", initialPrice: 10, quantity: 1 },
          { productName: "Drop", initialPrice: 5, quantity: 1 },
        ],
      },
    });
    const [keep] = (created.body.order as CrmOrderBody).items;
    // WHEN the edit sends the kept line (changed) and a new one
    const edited = await crm.post("/api/v5/orders/5001/edit", {
      order: { items: [{ id: keep?.id, quantity: 3 }, { productName: "New", initialPrice: 1, quantity: 1 }] },
    });
    // THEN
    const items = (edited.body.order as CrmOrderBody).items;
    expect(items.map((item) => [item.productName, item.quantity])).toEqual([
      ["Keep", 3],
      ["New", 1],
    ]);
    expect(items[0]?.id).toBe(keep?.id);
    expect((edited.body.order as CrmOrderBody).summ).toBe(31);
  });

  it("uploads and answers 460 with uploadedOrders, failedOrders and the duplicate message", async () => {
    // GIVEN order 5001 exists
    await crm.post("/api/v5/orders/create", { order });
    // WHEN uploading a new order and 5001 again
    const response = await crm.post("/api/v5/orders/upload", {
      orders: [
        { externalId: "6001", customer: { externalId: "shopify-123" }, items: [{ productName: "A", initialPrice: 1 }] },
        { ...order, payments: [] },
      ],
    });
    // THEN
    expect(response.status).toBe(460);
    expect(response.body).toMatchObject({
      success: false,
      errorMsg: "Orders are loaded with errors",
      uploadedOrders: [{ id: expect.any(Number), externalId: "6001" }],
      failedOrders: [{ externalId: "5001" }],
      errors: ["Order with externalId=5001 already exists."],
    });
    const list = await crm.get("/api/v5/orders", [["filter[externalIds][]", "6001"]]);
    expect(list.body.orders).toHaveLength(1);
  });

  it("answers 200 when the whole upload goes in", async () => {
    const response = await crm.post("/api/v5/orders/upload", { orders: [{ externalId: "7001" }, { externalId: "7002" }] });
    expect(response.status).toBe(200);
    expect(response.body.uploadedOrders).toHaveLength(2);
  });

  it("creates a customer from the contact fields when the order names none", async () => {
    const created = await crm.post("/api/v5/orders/create", {
      order: { externalId: "guest", firstName: "Guest", email: "guest@x.io", phone: "+1 555 0100" },
    });
    const customer = (created.body.order as { customer: Record<string, unknown> }).customer;
    expect(customer).toMatchObject({ firstName: "Guest", email: "guest@x.io", phones: [{ number: "+1 555 0100" }] });
    expect(customer).not.toHaveProperty("externalId");
    expect(crm.sim.snapshot().history.customers.at(-1)).toMatchObject({ created: true, writer: { source: "code" } });
  });

  it("filters the list by customer, number and email", async () => {
    await crm.post("/api/v5/orders/create", { order });
    await crm.post("/api/v5/orders/create", { order: { externalId: "other", number: "#2", email: "z@z.io" } });
    const byCustomer = await crm.get("/api/v5/orders", { "filter[customerExternalId]": "shopify-123" });
    const byNumber = await crm.get("/api/v5/orders", [["filter[numbers][]", "#2"]]);
    const byEmail = await crm.get("/api/v5/orders", { "filter[email]": "ann@x.io" });
    const externalIds = (body: Record<string, unknown>) => (body.orders as Array<{ externalId: string }>).map((o) => o.externalId);
    expect(externalIds(byCustomer.body)).toEqual(["5001"]);
    expect(externalIds(byNumber.body)).toEqual(["other"]);
    expect(externalIds(byEmail.body)).toEqual(["5001"]);
  });

  it("sets an order's externalId with fix-external-ids", async () => {
    const id = crm.sim.userCreate("order", "shop-1", { firstName: "Phone order", items: [{ productName: "X", initialPrice: 3 }] });
    const fixed = await crm.post("/api/v5/orders/fix-external-ids", { orders: [{ id, externalId: "shopify-777" }] });
    const read = await crm.get("/api/v5/orders/shopify-777");
    expect(fixed.body).toEqual({ success: true });
    expect((read.body.order as CrmOrderBody).id).toBe(id);
  });
});

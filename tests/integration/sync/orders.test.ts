import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLedgerRecord } from "../../../app/services/ledger";
import { saveShopSettings } from "../../../app/services/settings";
import { syncOrderToCrm } from "../../../app/services/sync/order-to-crm";
import { requeueWebhookEvent, retryFailedSync } from "../../../app/services/sync/retry-failed";
import { buildShopScope } from "../../../app/sync/mapping/order-settings";
import { jobIds, QUEUES } from "../../../workers/queues";
import { formEntity, startSyncKit, type SyncKit, type TestShop } from "./sync-test-kit";
import { eventually } from "../../helpers/eventually";
import { uniqueEmail } from "../../helpers/unique";

describe(syncOrderToCrm.name, () => {
  let kit: SyncKit;
  beforeAll(async () => {
    kit = await startSyncKit();
  });
  afterAll(async () => {
    kit.shopify.assertNoViolations();
    await kit.close();
  });

  const crmOrder = (shop: TestShop, orderId: number) =>
    kit.crm.snapshot().orders.find((order) => order.site === shop.site && order.externalId === String(orderId));
  const orderLedger = (shop: TestShop, orderId: number) =>
    findLedgerRecord(kit.db, { shop: shop.domain, entity: "order", direction: "to_crm", sourceId: String(orderId) });
  const poster = { title: "Poster", price: "10.00", quantity: 1 };

  it("creates a new buyer first, binds the order to them, sends custom items as free items and the note as the operator's comment", async () => {
    // GIVEN a shop with a catalog product
    const shop = await kit.newShop();
    const product = shop.sim.createProduct({ title: "Tee", variants: [{ price: "20.00", sku: "TEE-1" }] });
    const variantId = product.variants[0]!.id;
    const email = uniqueEmail("maria");
    // WHEN a new customer checks out a product and a custom item, with a note and an apartment, and pays
    const order = shop.sim.createOrder({
      customer: { firstName: "Мария", lastName: "Сидорова", email, phone: "+1 212 555 0199" },
      lineItems: [
        { variantId, quantity: 2, discount: "4.00" },
        { title: "Gift wrap", price: "5.00", quantity: 1 },
      ],
      shippingLines: [{ title: "Standard", price: "7.00" }],
      shippingAddress: { firstName: "Мария", lastName: "Сидорова", address1: "5th Ave 1", address2: "Apt 12", city: "New York", provinceCode: "NY", countryCode: "US", zip: "10001" },
      note: "Leave at the door",
      financialStatus: "PAID",
    });
    await shop.settle();

    // THEN the customer exists once in the CRM and was created before the order
    const customers = kit.crm.snapshot().customers.filter((c) => c.site === shop.site && c.externalId === String(order.customerId));
    expect(customers).toHaveLength(1);
    const paths = shop.crmWrites().map((request) => request.path);
    expect(paths.indexOf("/api/v5/customers/create")).toBeGreaterThanOrEqual(0);
    expect(paths.indexOf("/api/v5/customers/create")).toBeLessThan(paths.indexOf("/api/v5/orders/create"));
    // AND the order names it, carries the note as managerComment, the custom item as a free item and the payment
    const stored = crmOrder(shop, order.id);
    expect(stored).toMatchObject({
      number: order.name,
      managerComment: "Leave at the door",
      customer: { id: customers[0]!.id },
      delivery: { code: "courier", cost: 7, address: { text: "5th Ave 1||Apt 12", city: "New York", index: "10001" } },
    });
    const sent = formEntity(shop.crmWrites().find((request) => request.path === "/api/v5/orders/create")!, "order");
    expect(sent.items).toEqual([
      expect.objectContaining({ offer: { externalId: String(variantId) }, quantity: 2, initialPrice: 20, discountManualAmount: 2 }),
      expect.not.objectContaining({ offer: expect.anything() }),
    ]);
    expect((sent.items as Array<Record<string, unknown>>)[1]).toMatchObject({ productName: "Gift wrap", initialPrice: 5, quantity: 1 });
    expect(kit.crm.snapshot().payments.filter((payment) => payment.externalId === `${buildShopScope(shop.domain)}-${order.id}`)).toEqual([
      expect.objectContaining({ status: "paid", type: "bank-card", amount: 48 }),
    ]);
    expect(await orderLedger(shop, order.id)).toMatchObject({ state: "synced", crmId: String(stored?.id) });
    // AND the orders/paid that came with it (the same order) wrote nothing more
    expect(paths.filter((path) => path.startsWith("/api/v5/orders"))).toEqual(["/api/v5/orders/create"]);
  });

  it("edits the order and its payment on updates, keeping CRM line ids and a status the CRM team changed, and a replay sends nothing", async () => {
    // GIVEN a synced order whose status a CRM manager then moved on
    const shop = await kit.newShop();
    const order = shop.sim.createOrder({ email: uniqueEmail("guest"), lineItems: [poster], note: "first" });
    await shop.settle();
    const created = crmOrder(shop, order.id)!;
    kit.crm.userEdit("order", { externalId: String(order.id), site: shop.site }, { status: "assembling" });
    // WHEN the merchant changes the note in Shopify
    shop.sim.updateOrder(order.id, { note: "second" });
    await shop.settle();
    // THEN the CRM order has the new note, the same line, and keeps the manager's status
    const edited = crmOrder(shop, order.id)!;
    expect(edited).toMatchObject({ managerComment: "second", status: "assembling" });
    expect((edited.items as Array<{ id: number }>).map((item) => item.id)).toEqual((created.items as Array<{ id: number }>).map((item) => item.id));

    // WHEN the customer pays (the "paid" state maps to "new" by default, as "open" did)
    shop.sim.markOrderPaid(order.id);
    await shop.settle();
    // THEN the payment is edited under its externalId and the manager's status still stands
    const paymentExternalId = `${buildShopScope(shop.domain)}-${order.id}`;
    expect(shop.crmWrites().filter((request) => request.path === `/api/v5/orders/payments/${paymentExternalId}/edit`)).toHaveLength(1);
    expect(kit.crm.snapshot().payments.find((payment) => payment.externalId === paymentExternalId)).toMatchObject({ status: "paid", amount: 10 });
    expect(crmOrder(shop, order.id)).toMatchObject({ status: "assembling" });

    // WHEN the order is cancelled in Shopify
    shop.sim.cancelOrder(order.id);
    await shop.settle();
    // THEN the mapped cancelled status is sent
    expect(crmOrder(shop, order.id)).toMatchObject({ status: "cancel-other" });

    // WHEN Shopify delivers the latest order again as a new event
    const before = shop.crmRequests().length;
    const latest = kit.shopify.webhooks.events.filter((event) => event.shop === shop.domain && event.topic === "orders/updated").at(-1)!;
    kit.shopify.webhooks.send(shop.domain, "orders/updated", latest.payload);
    await shop.settle();
    // THEN RetailCRM got no request at all
    expect(shop.crmRequests()).toHaveLength(before);
  });

  it("ignores a delivery older than the one already applied", async () => {
    // GIVEN deliveries held back and then released newest first, to a single worker
    const shop = await kit.newShop({ concurrency: 1 });
    kit.shopify.webhooks.reorder("reverse");
    const order = shop.sim.createOrder({ email: uniqueEmail("stale"), lineItems: [poster], note: "old note" });
    shop.sim.updateOrder(order.id, { note: "new note" });
    // WHEN they arrive
    await kit.shopify.webhooks.flush();
    await shop.settle();
    // THEN the newer state won and the older delivery wrote nothing
    expect(crmOrder(shop, order.id)).toMatchObject({ managerComment: "new note" });
    expect(shop.crmWrites().map((request) => request.path)).toEqual(["/api/v5/orders/create"]);
    const ledger = await orderLedger(shop, order.id);
    expect(ledger?.sourceUpdatedAt?.getTime()).toBe(shop.sim.order(order.id)!.updatedAt);
  });

  it("rides out a burst of CRM 503 answers", async () => {
    // GIVEN RetailCRM answering 503 to the next 7 requests (more than one job attempt's own retries)
    const shop = await kit.newShop();
    kit.crm.setFaults({ burst503: 7 });
    // WHEN an order arrives
    const order = shop.sim.createOrder({ email: uniqueEmail("burst"), lineItems: [poster] });
    await shop.settle();
    // THEN it is in the CRM once, after a retry of the job
    expect(shop.crmRequests().filter((request) => request.status === 503)).toHaveLength(7);
    expect(kit.crm.snapshot().orders.filter((o) => o.site === shop.site)).toHaveLength(1);
    expect(await orderLedger(shop, order.id)).toMatchObject({ state: "synced" });
    const event = await kit.db.webhookEvent.findFirstOrThrow({ where: { shop: shop.domain, topic: "orders/create" } });
    const job = await shop.queues.get(QUEUES.sync).getJob(jobIds.webhookEvent(shop.domain, event.eventId));
    // (BullMQ counts the finished attempt too: 1 means it went through the first time)
    expect(job?.attemptsMade).toBeGreaterThanOrEqual(2);
    expect(job?.returnvalue).toBe("synced");
  });

  it("records a payment type the delivery type does not allow in plain words, does not retry it, and retries after the fix", async () => {
    // GIVEN a mapping that sends the "manual" gateway as credit, which the CRM's courier delivery does not accept
    const shop = await kit.newShop({ settings: { paymentTypeMap: { manual: "credit" } } });
    // WHEN an order paid through "manual" arrives
    const order = shop.sim.createOrder({ email: uniqueEmail("credit"), lineItems: [poster], shippingLines: [{ title: "Courier", price: "3.00" }] });
    await shop.settle();
    // THEN the ledger explains it in the merchant's words, the CRM has no order, and it was sent once only
    const ledger = await orderLedger(shop, order.id);
    expect(ledger?.state).toBe("failed");
    expect(ledger?.lastError).toBe(
      `Order ${order.name} was not sent to RetailCRM: the payment type "credit" (from the payment gateway "manual") is not allowed for the delivery type "courier" — ` +
        `map it in Settings to a payment type that "courier" accepts in RetailCRM (or allow it there for that delivery type), then retry.`,
    );
    expect(crmOrder(shop, order.id)).toBeUndefined();
    expect(shop.crmWrites().filter((request) => request.path === "/api/v5/orders/create")).toHaveLength(1);
    const event = await kit.db.webhookEvent.findFirstOrThrow({ where: { shop: shop.domain, topic: "orders/create" } });
    expect(event.status).toBe("failed");
    const job = await shop.queues.get(QUEUES.sync).getJob(jobIds.webhookEvent(shop.domain, event.eventId));
    expect(job).toMatchObject({ attemptsMade: 1, returnvalue: "failed" });

    // WHEN the merchant maps the gateway to a type couriers accept and retries the shop's failed records
    await saveShopSettings(kit.db, shop.domain, { paymentTypeMap: { manual: "bank-card" } });
    const report = await retryFailedSync({ db: kit.db, enqueue: (data) => requeueWebhookEvent(shop.queues, data) }, { shop: shop.domain });
    expect(report.requeued).toEqual([expect.objectContaining({ eventId: event.eventId, entity: "order", entityId: String(order.id) })]);
    await shop.settle();
    // THEN the order is in the CRM with the new payment type and the ledger is clean
    expect(crmOrder(shop, order.id)).toBeDefined();
    expect(kit.crm.snapshot().payments.find((payment) => payment.externalId === `${buildShopScope(shop.domain)}-${order.id}`)).toMatchObject({
      type: "bank-card",
      status: "not-paid",
    });
    expect(await orderLedger(shop, order.id)).toMatchObject({ state: "synced", lastError: null });
  });

  it("never runs two jobs for the same order at the same time", async () => {
    // GIVEN a worker running four jobs at once, a slow CRM, and a record of when each order job runs
    const runs: Array<{ entityId: string | null; start: number; end: number }> = [];
    const shop = await kit.newShop({
      concurrency: 4,
      wrapHandler: (handler) => async (event, ctx) => {
        const start = performance.now();
        try {
          return await handler(event, ctx);
        } finally {
          runs.push({ entityId: event.entityId, start, end: performance.now() });
        }
      },
    });
    kit.crm.setFaults({ latencyMs: 40 });
    try {
      // WHEN one order changes several times in quick succession
      const order = shop.sim.createOrder({ email: uniqueEmail("lock"), lineItems: [poster], note: "v0" });
      for (let version = 1; version <= 3; version++) shop.sim.updateOrder(order.id, { note: `v${version}` });
      await shop.settle();
      // THEN its jobs ran one after another, and the last state won
      const orderRuns = runs.filter((run) => run.entityId === String(order.id)).sort((a, b) => a.start - b.start);
      expect(orderRuns).toHaveLength(4);
      for (let i = 1; i < orderRuns.length; i++) expect(orderRuns[i]!.start).toBeGreaterThanOrEqual(orderRuns[i - 1]!.end);
      expect(crmOrder(shop, order.id)).toMatchObject({ managerComment: "v3" });
    } finally {
      kit.crm.setFaults({ latencyMs: 0 });
    }
  });

  it("puts a job back as delayed when other jobs already queue for its shop's CRM key, so another shop's job goes first", async () => {
    // GIVEN two shops sharing one worker that runs one job at a time, and 10 requests (a second's worth) of shop A
    // queued for its CRM key
    const a = await kit.newShop({ concurrency: 1 });
    const b = await kit.newShop({ shareWorkerWith: a });
    const queuedForA = Array.from({ length: 10 }, () => kit.limiter.acquire(a.apiKey));
    // WHEN shop A's customer arrives, and then shop B's
    const customerA = a.sim.createCustomer({ firstName: "Anna", email: uniqueEmail("fair-a") });
    await kit.shopify.webhooks.settle();
    const queue = a.queues.get(QUEUES.sync);
    await eventually(async () => expect(await queue.getDelayedCount()).toBe(1), 5_000);
    const customerB = b.sim.createCustomer({ firstName: "Boris", email: uniqueEmail("fair-b") });
    await b.settle();
    await a.settle();
    // THEN B was sent while A waited, and A's wait used up no attempt (it started twice, one attempt counted)
    const ledgerA = await findLedgerRecord(kit.db, { shop: a.domain, entity: "customer", direction: "to_crm", sourceId: String(customerA.id) });
    const ledgerB = await findLedgerRecord(kit.db, { shop: b.domain, entity: "customer", direction: "to_crm", sourceId: String(customerB.id) });
    expect(ledgerA?.state).toBe("synced");
    expect(ledgerB?.state).toBe("synced");
    expect(ledgerB!.lastPushedAt!.getTime()).toBeLessThan(ledgerA!.lastPushedAt!.getTime());
    const eventA = await kit.db.webhookEvent.findFirstOrThrow({ where: { shop: a.domain } });
    const jobA = await queue.getJob(jobIds.webhookEvent(a.domain, eventA.eventId));
    expect(jobA).toMatchObject({ attemptsStarted: 2, attemptsMade: 1, returnvalue: "synced" });
    await Promise.all(queuedForA);
  });
});

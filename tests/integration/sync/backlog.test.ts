import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEntityLockKey, createEntityLock } from "../../../app/services/entity-lock";
import { claimBacklog } from "../../../app/services/sync/backlog";
import { findLedgerRecord } from "../../../app/services/ledger";
import { syncOrderBatchToCrm } from "../../../app/services/sync/order-batch-to-crm";
import { silentLogger } from "../../helpers/queues";
import { QUEUES } from "../../../workers/queues";
import { startSyncKit, type SyncKit, type TestShop } from "./sync-test-kit";
import { uniqueEmail } from "../../helpers/unique";

describe(syncOrderBatchToCrm.name, () => {
  let kit: SyncKit;
  beforeAll(async () => {
    kit = await startSyncKit();
  });
  afterAll(async () => {
    kit.shopify.assertNoViolations();
    await kit.close();
  });

  const poster = { title: "Poster", price: "10.00", quantity: 1 };
  const siteOrders = (shop: TestShop) => kit.crm.snapshot().orders.filter((order) => order.site === shop.site);
  const siteCustomers = (shop: TestShop) => kit.crm.snapshot().customers.filter((customer) => customer.site === shop.site);
  const ledgerOf = (shop: TestShop, entity: "order" | "customer", id: number) =>
    findLedgerRecord(kit.db, { shop: shop.domain, entity, direction: "to_crm", sourceId: String(id) });

  /** Lets Shopify's deliveries pile up in the inbox while the workers are held, then releases them: a backlog. */
  async function asBacklog<T>(shop: TestShop, act: () => T): Promise<T> {
    const queue = shop.queues.get(QUEUES.sync);
    await queue.pause();
    try {
      const result = act();
      await kit.shopify.webhooks.settle();
      return result;
    } finally {
      await queue.resume();
      await shop.settle();
    }
  }

  it("sends waiting orders with one lookup and one upload instead of requests per order", async () => {
    // GIVEN a worker that takes one job at a time, and 20 guest orders that arrive together
    const shop = await kit.newShop({ backlog: true, concurrency: 1 });
    const orders = await asBacklog(shop, () =>
      Array.from({ length: 20 }, (_, index) => shop.sim.createOrder({ email: uniqueEmail(`guest${index}`), lineItems: [poster], note: `order ${index}` })),
    );
    // THEN RetailCRM got one list by externalId and one upload for all of them
    expect(shop.crmRequests().map((request) => `${request.method} ${request.path}`)).toEqual(["GET /api/v5/orders", "POST /api/v5/orders/upload"]);
    expect(siteOrders(shop)).toHaveLength(20);
    // AND each order is in the ledger with its CRM id, and each delivery is processed
    for (const order of orders) {
      const stored = siteOrders(shop).find((o) => o.externalId === String(order.id));
      expect(await ledgerOf(shop, "order", order.id)).toMatchObject({ state: "synced", crmId: String(stored?.id) });
    }
    expect(await kit.db.webhookEvent.count({ where: { shop: shop.domain, status: "processed" } })).toBe(20);
  });

  it("handles a partial upload order by order: the refused one is recorded in plain words, the rest go in", async () => {
    // GIVEN five waiting orders, one paid through a gateway mapped to a payment type couriers do not take
    const shop = await kit.newShop({ backlog: true, concurrency: 1, settings: { paymentTypeMap: { "cash-on-moon": "credit" } } });
    const orders = await asBacklog(shop, () =>
      Array.from({ length: 5 }, (_, index) =>
        shop.sim.createOrder({
          email: uniqueEmail(`partial${index}`),
          lineItems: [poster],
          shippingLines: [{ title: "Courier", price: "3.00" }],
          gateway: index === 2 ? "cash-on-moon" : "manual",
        }),
      ),
    );
    // THEN four are in the CRM, and the refused one has a failed ledger row saying what to change
    expect(siteOrders(shop).map((order) => order.externalId).sort()).toEqual(orders.filter((_, index) => index !== 2).map((order) => String(order.id)).sort());
    const refused = orders[2]!;
    const ledger = await ledgerOf(shop, "order", refused.id);
    expect(ledger?.state).toBe("failed");
    expect(ledger?.lastError).toMatch(/payment type "credit" \(from the payment gateway "cash-on-moon"\) is not allowed for the delivery type "courier" — map it in Settings/);
    // AND only the refused order was sent again on its own
    const paths = shop.crmRequests().map((request) => request.path);
    expect(paths.filter((path) => path === "/api/v5/orders/upload")).toHaveLength(1);
    expect(paths.filter((path) => path === "/api/v5/orders/create")).toHaveLength(1);
    const refusedEvent = await kit.db.webhookEvent.findFirstOrThrow({ where: { shop: shop.domain, entityId: String(refused.id) } });
    expect(refusedEvent.status).toBe("failed");
  });

  it("sends waiting customers together, linking one found by e-mail instead of duplicating it", async () => {
    // GIVEN a CRM customer entered by hand, and ten customers created in Shopify that arrive together, one of them
    // with that e-mail
    const shop = await kit.newShop({ backlog: true, concurrency: 1 });
    const known = uniqueEmail("known");
    const existing = kit.crm.userCreate("customer", shop.site, { firstName: "Known", email: known });
    const customers = await asBacklog(shop, () =>
      Array.from({ length: 10 }, (_, index) => shop.sim.createCustomer({ firstName: `Customer ${index}`, email: index === 4 ? known : uniqueEmail(`c${index}`) })),
    );
    // THEN the CRM has each of them once: nine uploaded together, one linked
    expect(siteCustomers(shop)).toHaveLength(10);
    expect(siteCustomers(shop).find((customer) => customer.id === existing)).toMatchObject({ externalId: String(customers[4]!.id), firstName: "Customer 4" });
    const writes = shop.crmWrites().map((request) => request.path);
    expect(writes).toEqual([`/api/v5/customers/${existing}/edit`, "/api/v5/customers/upload"]);
    for (const customer of customers) expect(await ledgerOf(shop, "customer", customer.id)).toMatchObject({ state: "synced" });
    // AND Shopify was asked once for all ten
    const reads = kit.shopify.requests.filter((request) => request.shop === shop.domain && request.kind === "graphql");
    expect(reads.map((request) => request.operationName)).toEqual(["CustomersForCrm"]);
  });

  it("creates every new buyer and order exactly once when customer and order backlogs are sent side by side", async () => {
    // GIVEN four jobs at a time, and twelve checkouts by new customers arriving together
    const shop = await kit.newShop({ backlog: true, concurrency: 4 });
    const orders = await asBacklog(shop, () =>
      Array.from({ length: 12 }, (_, index) =>
        shop.sim.createOrder({ customer: { firstName: `Buyer ${index}`, email: uniqueEmail(`buyer${index}`) }, lineItems: [poster], financialStatus: "PAID" }),
      ),
    );
    // THEN every customer and every order is in the CRM once, each order bound to its customer
    expect(siteCustomers(shop)).toHaveLength(12);
    expect(siteOrders(shop)).toHaveLength(12);
    for (const order of orders) {
      const customer = siteCustomers(shop).find((c) => c.externalId === String(order.customerId));
      expect(siteOrders(shop).find((o) => o.externalId === String(order.id))).toMatchObject({ customer: { id: customer?.id } });
      expect(await ledgerOf(shop, "order", order.id)).toMatchObject({ state: "synced" });
    }
    // AND it took far fewer requests than one by one (about 5 per checkout: 3 for the customer, 2 for the order)
    expect(shop.crmRequests().length).toBeLessThan(12 * 3);
    expect(shop.crmRequests().some((request) => request.path === "/api/v5/orders/upload")).toBe(true);
  });

  it("leaves orders whose customers' own deliveries still wait to those deliveries, so each kind goes in one upload", async () => {
    // GIVEN eight checkouts by new customers, their customers/create and orders/create deliveries waiting in the inbox
    const shop = await kit.newShop({ backlog: true, concurrency: 1 });
    const queue = shop.queues.get(QUEUES.sync);
    await queue.pause();
    const orders = Array.from({ length: 8 }, (_, index) =>
      shop.sim.createOrder({ customer: { firstName: `Waiting ${index}`, email: uniqueEmail(`waiting${index}`) }, lineItems: [poster] }),
    );
    await kit.shopify.webhooks.settle();
    const orderEvents = await kit.db.webhookEvent.findMany({ where: { shop: shop.domain, topic: "orders/create" }, orderBy: { receivedAt: "asc" } });
    expect(orderEvents).toHaveLength(8);

    // WHEN a job sends the order backlog before any customer delivery has run
    const results = await syncOrderBatchToCrm(
      { db: kit.db, logger: silentLogger },
      {
        shop: shop.domain,
        crm: await kit.crmFor(shop.domain),
        events: orderEvents.map((event) => ({ eventId: event.eventId, entityId: event.entityId!, payload: event.payload, receivedAt: event.receivedAt })),
        shopify: () => kit.shopifyFor(shop.domain),
        lock: createEntityLock(kit.redis, { prefix: `test-backlog-lock-${randomUUID()}` }),
      },
    );

    // THEN it sends nothing and leaves every order for later, instead of sending the customers itself
    expect(results.size).toBe(0);
    expect(shop.crmRequests()).toHaveLength(0);

    // AND once the deliveries run, the customers go in one upload and the orders follow in one upload
    await queue.resume();
    await shop.settle();
    const writes = shop.crmWrites().map((request) => request.path);
    expect(writes).toEqual(["/api/v5/customers/upload", "/api/v5/orders/upload"]);
    for (const order of orders) expect(await ledgerOf(shop, "order", order.id)).toMatchObject({ state: "synced" });
  });

  it("passes over records that other batches hold, a page at a time, to fill its own batch", async () => {
    // GIVEN 30 customer deliveries waiting, the 25 after the first held by other batches
    const shop = await kit.newShop({ backlog: true, concurrency: 1 });
    const queue = shop.queues.get(QUEUES.sync);
    await queue.pause();
    Array.from({ length: 30 }, (_, index) => shop.sim.createCustomer({ firstName: `Held ${index}`, email: uniqueEmail(`held${index}`) }));
    await kit.shopify.webhooks.settle();
    const events = await kit.db.webhookEvent.findMany({ where: { shop: shop.domain, topic: "customers/create" }, orderBy: { receivedAt: "asc" } });
    const lock = createEntityLock(kit.redis, { prefix: `test-backlog-lock-${randomUUID()}` });
    const heldKeys = events.slice(1, 26).map((event) => buildEntityLockKey(shop.domain, "customer", event.entityId!));
    const others = await lock.tryLockSome(heldKeys, heldKeys.length);
    expect(others.keys).toHaveLength(25);

    // WHEN the first delivery's job claims a batch of up to 5 (pages of 20 records)
    const current = { ...events[0]!, entityId: events[0]!.entityId! };
    const claim = await claimBacklog(kit.db, lock, { maxRecords: 5 }, { shop: shop.domain, entity: "customer", current });

    // THEN it has its own record and four free ones from further back, none that another batch holds
    const claimed = claim?.events.map((event) => event.entityId) ?? [];
    expect(claimed).toHaveLength(5);
    expect(claimed[0]).toBe(current.entityId);
    const held = new Set(events.slice(1, 26).map((event) => event.entityId));
    expect(claimed.filter((id) => held.has(id))).toEqual([]);
    await claim?.release();
    await others.release();
    await queue.resume();
    await shop.settle();
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLedgerRecord } from "../../../app/services/ledger";
import { syncOrderBatchToCrm } from "../../../app/services/sync/order-batch-to-crm";
import { QUEUES } from "../../../workers/queues";
import { startSyncKit, type SyncKit, type TestShop } from "./sync-test-kit";

describe(syncOrderBatchToCrm.name, () => {
  let kit: SyncKit;
  beforeAll(async () => {
    kit = await startSyncKit();
  });
  afterAll(async () => {
    kit.shopify.assertNoViolations();
    await kit.close();
  });

  const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;
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
});

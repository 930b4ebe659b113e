import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLedgerRecord } from "../../../app/services/ledger";
import { backfillShop } from "../../../app/services/sync/backfill";
import { runCli } from "../../helpers/cli";
import { silentLogger } from "../../helpers/queues";
import { startSyncKit, type SyncKit } from "./sync-test-kit";
import { uniqueEmail } from "../../helpers/unique";

describe(backfillShop.name, () => {
  let kit: SyncKit;
  beforeAll(async () => {
    kit = await startSyncKit();
    // History: the records exist in Shopify before the app listens to them.
    kit.shopify.webhooks.unsubscribeAll();
  });
  afterAll(async () => {
    kit.shopify.assertNoViolations();
    await kit.close();
  });

  it("sends the customers and orders changed since the date in batches, and a second run sends nothing", async () => {
    // GIVEN a shop with one customer from before the date, and customers and orders from after it
    const shop = await kit.newShop();
    const before = shop.sim.createCustomer({ firstName: "Before", email: uniqueEmail("before") });
    // Shopify's times have whole seconds: start the backfill at the next second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const since = new Date(Math.floor(Date.now() / 1000) * 1000);
    const anna = shop.sim.createCustomer({ firstName: "Анна", email: uniqueEmail("anna"), tags: ["vip"], addresses: [{ address1: "1 Main St", address2: "Apt 4", city: "Austin", countryCode: "US", zip: "73301" }] });
    const boris = shop.sim.createCustomer({ firstName: "Boris", email: uniqueEmail("boris") });
    const orders = [
      shop.sim.createOrder({ customerId: anna.id, lineItems: [{ title: "Poster", price: "10.00", quantity: 2 }], financialStatus: "PAID" }),
      shop.sim.createOrder({ customerId: boris.id, lineItems: [{ title: "Mug", price: "8.00", quantity: 1 }] }),
      shop.sim.createOrder({ email: uniqueEmail("guest"), lineItems: [{ title: "Gift wrap", price: "5.00", quantity: 1 }], note: "Leave at the door" }),
      shop.sim.createOrder({ customer: { firstName: "Clara", email: uniqueEmail("clara") }, lineItems: [{ title: "Card", price: "3.00", quantity: 1 }] }),
    ];

    // WHEN the operator backfills from that date
    const run = await runCli(["backfill", "--shop", shop.domain, "--since", since.toISOString()], { SHOPIFY_SIM_URL: kit.shopify.url });

    // THEN every customer and order since the date is in the CRM, the earlier customer is not
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ ok: true, result: { customers: { read: 3, sent: 3, failed: 0 }, orders: { read: 4, sent: 4, failed: 0 } } });
    expect(run.stderr).toMatch(/orders: 4 read, 4 sent/);
    const snapshot = kit.crm.snapshot();
    // (RetailCRM makes a customer of its own for the guest order; ours carry externalIds)
    const customers = snapshot.customers.filter((customer) => customer.site === shop.site && customer.externalId !== undefined);
    expect(customers.map((customer) => customer.externalId).sort()).toEqual([String(anna.id), String(boris.id), String(orders[3]!.customerId)].sort());
    expect(customers.find((customer) => customer.externalId === String(before.id))).toBeUndefined();
    expect(customers.find((customer) => customer.externalId === String(anna.id))).toMatchObject({ address: { text: "1 Main St||Apt 4" }, tags: [{ name: "vip" }] });
    const crmOrders = snapshot.orders.filter((order) => order.site === shop.site);
    expect(crmOrders).toHaveLength(4);
    expect(crmOrders.find((order) => order.externalId === String(orders[2]!.id))).toMatchObject({ managerComment: "Leave at the door", number: orders[2]!.name });
    // AND in batches: one upload for the customers and one for the orders
    const writes = shop.crmWrites().map((request) => request.path);
    expect(writes).toEqual(["/api/v5/customers/upload", "/api/v5/orders/upload"]);
    expect(await findLedgerRecord(kit.db, { shop: shop.domain, entity: "order", direction: "to_crm", sourceId: String(orders[0]!.id) })).toMatchObject({ state: "synced" });

    // WHEN it runs again
    const requestsBefore = shop.crmRequests().length;
    const again = await backfillShop(
      { db: kit.db, logger: silentLogger },
      { shop: shop.domain, since, crm: await kit.crmFor(shop.domain, { waitForSlots: true }), shopify: await kit.shopifyFor(shop.domain) },
    );
    // THEN everything is already up to date and RetailCRM gets no request
    expect(again).toMatchObject({ customers: { read: 3, sent: 0, unchanged: 3 }, orders: { read: 4, sent: 0, unchanged: 4 } });
    expect(shop.crmRequests()).toHaveLength(requestsBefore);
  });
});

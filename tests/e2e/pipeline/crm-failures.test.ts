import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { saveShopSettings } from "../../../app/services/settings";
import { expireLocksOfDeadWorkers, recoverStalledJobs, startPipelineKit, waitFor, type PipelineKit, type PipelineShop } from "./pipeline-kit";
import { uniqueEmail } from "../../helpers/unique";

// RetailCRM and the worker failing, end to end: an outage burst, a refusal a human must fix, and a worker process
// that dies in the middle of its jobs.

let kit: PipelineKit;

beforeAll(async () => {
  kit = await startPipelineKit();
}, 120_000);

afterEach(() => {
  kit.crm.setFaults({ latencyMs: 0, burst503: 0 });
});

afterAll(async () => {
  kit?.shopify.assertNoViolations();
  await kit?.close();
});

function orderLedger(shop: PipelineShop, orderId: number) {
  return kit.db.syncRecord.findUnique({ where: { shop_entity_direction_sourceId: { shop: shop.domain, entity: "order", direction: "to_crm", sourceId: String(orderId) } } });
}

describe("RetailCRM outages", () => {
  it("rides out a burst of 503 answers: the order arrives once", async () => {
    // GIVEN a connected shop and a CRM that answers the next three requests with 503
    const shop = await kit.newShop();
    kit.crm.setFaults({ burst503: 3 });
    // WHEN a guest order comes in
    const order = shop.sim.createOrder({ email: uniqueEmail("burst"), lineItems: [{ title: "Scarf", price: "30.00", quantity: 1 }] });
    await shop.settle();
    // THEN the worker retried past the 503s and the order arrived once
    expect(shop.crmRequests().filter((request) => request.status === 503)).toHaveLength(3);
    expect(shop.crmOrders().map((crmOrder) => crmOrder.externalId)).toEqual([String(order.id)]);
    expect(await orderLedger(shop, order.id)).toMatchObject({ state: "synced", crmId: String(shop.crmOrder(order.id)?.id) });
  });
});

describe("RetailCRM refusals", () => {
  it("a payment type the delivery type does not accept lands in the ledger in plain words, shows in `status`, and `retry --all-failed` sends it after the fix", async () => {
    // GIVEN a shop whose settings map the order's gateway ("manual") to "credit", which the CRM's "courier"
    // delivery type does not accept
    const shop = await kit.newShop({ settings: { paymentTypeMap: { manual: "credit" } } });
    // WHEN an order with a shipping line comes in
    const order = shop.sim.createOrder({
      email: uniqueEmail("credit"),
      lineItems: [{ title: "Chair", price: "80.00", quantity: 1 }],
      shippingLines: [{ title: "Standard", price: "15.00" }],
      shippingAddress: { firstName: "Kim", address1: "4 Elm St", city: "Portland", provinceCode: "OR", countryCode: "US", zip: "97201" },
    });
    await shop.settle();

    // THEN the CRM has no order, and the ledger says why and what to do, without retrying by itself
    expect(shop.crmOrders()).toEqual([]);
    const failed = await orderLedger(shop, order.id);
    expect(failed?.state).toBe("failed");
    expect(failed?.lastError).toMatch(/payment type "credit".*not allowed for the delivery type "courier".*map it in Settings/);
    expect(shop.crmWrites().filter((request) => request.path.startsWith("/api/v5/orders"))).toHaveLength(1);
    // AND the operator sees it with `npm run cli -- status`
    const status = await shop.cli(["status", "--shop", shop.domain]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.result).toMatchObject({ shop: shop.domain, ledger: { failed: 1 }, webhookEvents: { byStatus: { failed: 1 }, oldestWaitingSince: null } });
    // with the record and its reason, not just a count
    expect((status.json.result as { failures: Array<{ entity: string; lastError: string }> }).failures).toEqual([
      expect.objectContaining({ entity: "order", lastError: expect.stringMatching(/delivery type "courier"/) }),
    ]);

    // WHEN the merchant maps the gateway to a payment type courier accepts, and the operator retries
    await saveShopSettings(kit.db, shop.domain, { paymentTypeMap: { manual: "bank-card" } });
    const retry = await shop.cli(["retry", "--shop", shop.domain, "--all-failed"]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.json.result).toMatchObject({ requeued: [{ entity: "order", entityId: String(order.id), topic: "orders/create" }] });
    await shop.settle();

    // THEN the order arrives with the corrected payment type and the ledger shows it synced
    expect(shop.crmOrders()).toHaveLength(1);
    expect(Object.values(shop.crmOrder(order.id)!.payments as Record<string, unknown>)).toMatchObject([{ type: "bank-card", amount: 95 }]);
    expect(await orderLedger(shop, order.id)).toMatchObject({ state: "synced", lastError: null });
    const after = await shop.cli(["status", "--shop", shop.domain]);
    expect((after.json.result as { ledger: Record<string, number> }).ledger.failed ?? 0).toBe(0);
  }, 60_000);
});

describe("a worker killed mid-job", () => {
  it("every order arrives exactly once after the worker is SIGKILLed with jobs active and a new one takes over", async () => {
    // GIVEN a connected shop and a CRM that takes 1.5 s per request, so the worker's jobs are slow
    const shop = await kit.newShop();
    kit.crm.setFaults({ latencyMs: 1500 });
    // WHEN five new buyers order at once
    const orders = Array.from({ length: 5 }, (_, index) =>
      shop.sim.createOrder({
        customer: { firstName: `Buyer${index}`, lastName: "Crash", email: uniqueEmail(`crash${index}`) },
        lineItems: [{ title: `Item ${index}`, price: `${10 + index}.00`, quantity: 1 }],
      }),
    );
    await kit.shopify.webhooks.settle();
    // AND the worker is killed while the orders are being written: orders follow their new buyers, and an order
    // job's first CRM request (its look-up) is answered before its write leaves, which then takes 1.5 s
    await waitFor(() => shop.crmRequests().some((request) => request.path.startsWith("/api/v5/orders")), {
      timeoutMs: 30_000,
      what: "the first order request to be answered by the CRM",
      explain: () => kit.describeProcesses(),
    });
    const activeAtKill = await kit.syncQueue.getActiveCount();
    await kit.worker.kill();
    expect(activeAtKill).toBeGreaterThan(0);
    expect(await kit.syncQueue.getActiveCount()).toBeGreaterThan(0);

    // AND the locks of the dead worker run out (as they would after their time limits), BullMQ's stalled-job
    // check puts its jobs back, and a new worker starts
    kit.crm.setFaults({ latencyMs: 100 });
    await expireLocksOfDeadWorkers(kit.redisUrl);
    await recoverStalledJobs(kit);
    await kit.startWorker();
    await shop.settle(60_000);

    // THEN every order and every buyer is in the CRM exactly once, and every delivery was processed
    const externalIds = (rows: Array<{ externalId?: string }>) => rows.map((row) => row.externalId).sort();
    expect(externalIds(shop.crmOrders())).toEqual(orders.map((order) => String(order.id)).sort());
    expect(externalIds(shop.crmCustomers())).toEqual(orders.map((order) => String(order.customerId)).sort());
    const events = await kit.db.webhookEvent.findMany({ where: { shop: shop.domain }, select: { status: true } });
    expect(events.filter((event) => event.status !== "processed")).toEqual([]);
    const ledger = await kit.db.syncRecord.findMany({ where: { shop: shop.domain, entity: "order" }, select: { state: true } });
    expect(ledger.map((row) => row.state)).toEqual(orders.map(() => "synced"));
  }, 90_000);
});

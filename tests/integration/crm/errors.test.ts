import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrmAccountNotFoundError, CrmHttpError, throwForResponse } from "../../../app/services/crm/errors";
import { SyncError } from "../../../app/services/errors";
import { addTestApiKey, makeTestClient, requestsFor, startCrmSim, uniqueId, type CrmSim } from "./crm-test-kit";

let sim: CrmSim;
let url: string;

beforeAll(async () => {
  ({ sim, url } = await startCrmSim());
});

afterAll(async () => {
  await sim.close();
});

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe(throwForResponse.name, () => {
  it("reads field errors sent as an object keyed by field path", async () => {
    // GIVEN
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey, { site: "shop-1" });
    sim.failNext(400, {
      path: "/api/v5/orders/create",
      body: {
        success: false,
        errorMsg: "Order is not loaded",
        errors: { "customer.externalId": "Customer with externalId=c-404 not found.", "delivery.code": "Delivery type not found." },
      },
    });

    // WHEN
    const error = await catchError(crm.orders.create({ externalId: uniqueId("order") }));

    // THEN
    expect(error).toBeInstanceOf(CrmHttpError);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({
      kind: "validation",
      status: 400,
      errorMsg: "Order is not loaded",
      errors: { "customer.externalId": "Customer with externalId=c-404 not found.", "delivery.code": "Delivery type not found." },
    });
    expect((error as CrmHttpError).toPlainWords()).toBe(
      "RetailCRM rejected the order: Customer with externalId=c-404 not found (customer.externalId); Delivery type not found (delivery.code)",
    );
  });

  it("reads field errors sent as a list of 'path: message' lines", async () => {
    // GIVEN
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey, { site: "shop-1" });
    sim.failNext(400, {
      path: "/api/v5/orders/create",
      body: {
        success: false,
        errorMsg: "Order is not loaded",
        errors: ["items[0].offer.id: Offer with id 123 not found.", "Something is wrong with this order."],
      },
    });

    // WHEN
    const error = await catchError(crm.orders.create({ externalId: uniqueId("order") }));

    // THEN
    expect(error).toMatchObject({
      kind: "validation",
      errors: { "items[0].offer.id": "Offer with id 123 not found.", "1": "Something is wrong with this order." },
    });
    expect((error as CrmHttpError).toPlainWords()).toBe(
      "RetailCRM rejected the order: Something is wrong with this order; Offer with id 123 not found (items[0].offer.id)",
    );
  });

  it("says the key is wrong when RetailCRM does not know it", async () => {
    // GIVEN a key the account never issued
    const crm = makeTestClient(url, uniqueId("unknown-key"));

    // WHEN
    const error = await catchError(crm.reference.sites());

    // THEN
    expect(error).toMatchObject({ kind: "auth", status: 403, errorMsg: 'Wrong "apiKey" value.' });
    expect((error as CrmHttpError).toPlainWords()).toMatch(/refused the API key .*Check the key in the connector settings/);
  });

  it("names the missing permission when the key lacks a scope", async () => {
    // GIVEN a key that may read orders but not write them
    const apiKey = addTestApiKey(sim, { scopes: ["order_read", "customer_read"] });
    const crm = makeTestClient(url, apiKey, { site: "shop-1" });

    // WHEN
    const error = await catchError(crm.orders.create({ externalId: uniqueId("order") }));

    // THEN
    expect(error).toMatchObject({ kind: "auth", status: 403, errorMsg: "Access denied." });
    expect((error as CrmHttpError).toPlainWords()).toMatch(/lacks the "order_write" permission/);
    expect(requestsFor(sim, apiKey)).toHaveLength(1);
  });

  it("says no account answers when the address serves an HTML page", async () => {
    // GIVEN RetailCRM's answer for an account that does not exist: nginx's HTML 405 page
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey, { site: "shop-1" });
    sim.failNext(405, { path: "/api/v5/customers/create", body: "<html><head><title>405 Not Allowed</title></head><body>nginx</body></html>" });

    // WHEN
    const error = await catchError(crm.customers.create({ externalId: uniqueId("cust") }));

    // THEN
    expect(error).toBeInstanceOf(CrmAccountNotFoundError);
    expect(error).toMatchObject({ kind: "auth", status: 405 });
    expect((error as CrmHttpError).toPlainWords()).toBe(`No RetailCRM account answers at ${url.replace(/\/$/, "")}: check the address.`);
    expect(requestsFor(sim, apiKey)).toHaveLength(1);
  });

  it("reports a missing order as not_found without retrying", async () => {
    // GIVEN
    const apiKey = addTestApiKey(sim);
    const crm = makeTestClient(url, apiKey, { site: "shop-1" });

    // WHEN
    const error = await catchError(crm.orders.get({ externalId: uniqueId("missing") }));

    // THEN
    expect(error).toMatchObject({ kind: "not_found", status: 404 });
    expect(requestsFor(sim, apiKey)).toHaveLength(1);
  });
});

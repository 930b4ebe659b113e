import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { CrmClient } from "../../../app/services/crm/client";
import type { CrmRateLimiter } from "../../../app/services/crm/rate-limiter";
import { createCrmCustomersApi } from "../../../app/services/crm/customers";
import { CrmHttpError } from "../../../app/services/crm/errors";
import { paginate } from "../../../app/services/crm/pagination";
import type { CrmCustomerHistoryEntry, CrmCustomerInput } from "../../../app/services/crm/types";
import { addTestApiKey, createTestLimiter, makeTestClient, requestsFor, startCrmSim, uniqueId, type CrmSim } from "./crm-test-kit";

let sim: CrmSim;
let url: string;

beforeAll(async () => {
  ({ sim, url } = await startCrmSim());
});

afterAll(async () => {
  await sim.close();
});

function makeCustomer(overrides: Partial<CrmCustomerInput> = {}): CrmCustomerInput {
  return {
    externalId: uniqueId("cust"),
    firstName: "Ann",
    lastName: "Lee",
    email: `${uniqueId("ann")}@example.com`,
    phones: [{ number: "+15551234567" }],
    address: { countryIso: "US", index: "10001", region: "NY", city: "New York", text: "5th Ave 1 || apt 2" },
    subscribed: false,
    createdAt: "2024-05-01 10:00:00",
    tags: ["shopify"],
    ...overrides,
  };
}

function makeShopClient(limiter?: CrmRateLimiter): { crm: CrmClient; apiKey: string } {
  const apiKey = addTestApiKey(sim);
  return { crm: makeTestClient(url, apiKey, { site: "shop-1", limiter }), apiKey };
}

async function drainCustomerHistory(crm: CrmClient): Promise<number | undefined> {
  let last: number | undefined;
  for await (const page of crm.customers.iterateHistory()) last = page.lastId;
  return last;
}

describe(createCrmCustomersApi.name, () => {
  it("creates a customer and reads it back by externalId and by id", async () => {
    // GIVEN
    const { crm, apiKey } = makeShopClient();
    const customer = makeCustomer();

    // WHEN
    const { id } = await crm.customers.create(customer);
    const byExternalId = await crm.customers.get({ externalId: customer.externalId as string });
    const byId = await crm.customers.get({ id });

    // THEN
    expect(byExternalId).toMatchObject({ id, externalId: customer.externalId, site: "shop-1", firstName: "Ann", email: customer.email });
    expect(byExternalId.phones).toEqual([expect.objectContaining({ number: "+15551234567" })]);
    expect(byExternalId.tags?.map((tag) => tag.name)).toEqual(["shopify"]);
    expect(byId.id).toBe(id);
    const [create, getByExternalId, getById] = requestsFor(sim, apiKey);
    expect(create?.body).toMatchObject({ site: "shop-1", customer: { externalId: customer.externalId } });
    expect(getByExternalId?.query).toMatchObject({ by: "externalId", site: "shop-1" });
    expect(getById?.query).toMatchObject({ by: "id" });
  });

  it("edits a customer by externalId and by id", async () => {
    // GIVEN
    const { crm } = makeShopClient();
    const customer = makeCustomer();
    const { id } = await crm.customers.create(customer);

    // WHEN
    await crm.customers.edit({ externalId: customer.externalId as string }, { firstName: "Anna" });
    await crm.customers.edit({ id }, { lastName: "Leigh" });

    // THEN
    expect(await crm.customers.get({ id })).toMatchObject({ firstName: "Anna", lastName: "Leigh" });
  });

  it("answers not_found for an unknown externalId", async () => {
    // GIVEN
    const { crm } = makeShopClient();

    // WHEN
    const error = await crm.customers.get({ externalId: uniqueId("missing") }).catch((caught: unknown) => caught);

    // THEN
    expect(error).toBeInstanceOf(CrmHttpError);
    expect(error).toMatchObject({ kind: "not_found", status: 404 });
    expect((error as CrmHttpError).toPlainWords()).toMatch(/^RetailCRM could not find the customer with externalId/);
  });

  it("lists customers by filter, page after page", async () => {
    // GIVEN 25 customers uploaded in one batch
    const { crm, apiKey } = makeShopClient();
    const customers = Array.from({ length: 25 }, () => makeCustomer());
    const upload = await crm.customers.upload(customers);
    const externalIds = customers.map((customer) => customer.externalId as string);

    // WHEN
    const listed = [];
    for await (const customer of paginate((page) => crm.customers.list({ externalIds }, { page, limit: 20 }))) listed.push(customer);

    // THEN every one comes back once, over two pages
    expect(upload.failed).toEqual([]);
    expect(upload.uploaded).toHaveLength(25);
    expect(listed.map((customer) => customer.externalId).sort()).toEqual([...externalIds].sort());
    const pages = requestsFor(sim, apiKey).filter((request) => request.path === "/api/v5/customers");
    expect(pages.map((request) => request.query.page)).toEqual(["1", "2"]);
    expect(pages[0]?.query).toMatchObject({ limit: "20", filter: { sites: ["shop-1"] } });
  });

  it("reports each customer an upload rejected, with its reason, instead of throwing", async () => {
    // GIVEN one customer already in the CRM
    const { crm } = makeShopClient();
    const existing = makeCustomer();
    await crm.customers.create(existing);
    const fresh = makeCustomer();

    // WHEN the batch carries it again next to a new one
    const result = await crm.customers.upload([fresh, existing]);

    // THEN
    expect(result.uploaded.map((record) => record.externalId)).toEqual([fresh.externalId]);
    expect(result.failed).toEqual([{ externalId: existing.externalId, error: expect.stringMatching(/already exists/i), alreadyExists: true }]);
  });

  it("refuses an upload of more than 50 customers before sending it", async () => {
    // GIVEN
    const { crm, apiKey } = makeShopClient();

    // WHEN
    const error = await crm.customers.upload(Array.from({ length: 51 }, () => makeCustomer())).catch((caught: unknown) => caught);

    // THEN
    expect(error).toMatchObject({ kind: "validation" });
    expect(requestsFor(sim, apiKey)).toHaveLength(0);
  });

  it("writes an externalId onto a customer created without one", async () => {
    // GIVEN
    const { crm } = makeShopClient();
    const { id } = await crm.customers.create(makeCustomer({ externalId: undefined }));
    const externalId = uniqueId("fixed");

    // WHEN
    await crm.customers.fixExternalIds([{ id, externalId }]);

    // THEN
    expect(await crm.customers.get({ externalId })).toMatchObject({ id, externalId });
  });

  it("pages through customer history by moving sinceId", async () => {
    // GIVEN the history so far, then a customer created and edited 21 times (22 entries at least)
    const { limiter, close } = createTestLimiter();
    onTestFinished(close);
    const { crm, apiKey } = makeShopClient(limiter);
    const sinceId = await drainCustomerHistory(crm);
    const customer = makeCustomer();
    const { id } = await crm.customers.create(customer);
    for (let edit = 1; edit <= 21; edit++) await crm.customers.edit({ id }, { firstName: `Ann ${edit}` });

    // WHEN
    const entries: CrmCustomerHistoryEntry[] = [];
    const cursors: number[] = [];
    for await (const page of crm.customers.iterateHistory({ sinceId, limit: 20 })) {
      entries.push(...page.entries);
      cursors.push(page.lastId as number);
    }

    // THEN entries come in id order, ours marked as made with this key, over pages asked as page 1
    const ours = entries.filter((entry) => entry.customer.id === id);
    expect(ours[0]).toMatchObject({ created: true, source: "api", apiKey: { current: true } });
    expect(ours.filter((entry) => entry.field === "first_name").map((entry) => entry.newValue)).toEqual(
      Array.from({ length: 21 }, (_, index) => `Ann ${index + 1}`),
    );
    expect(entries.map((entry) => entry.id)).toEqual([...entries.map((entry) => entry.id)].sort((a, b) => a - b));
    expect(cursors.length).toBeGreaterThanOrEqual(2);
    const historyRequests = requestsFor(sim, apiKey).filter((request) => request.path === "/api/v5/customers/history").slice(-cursors.length);
    expect(historyRequests.map((request) => request.query.page)).toEqual(cursors.map(() => "1"));
    expect(historyRequests.slice(1).map((request) => (request.query.filter as { sinceId: string }).sinceId)).toEqual(
      cursors.slice(0, -1).map(String),
    );
  });
});

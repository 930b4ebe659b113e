import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCrmTestClient, type CrmTestClient } from "./crm-test-client";

describe("customers endpoints", () => {
  let crm: CrmTestClient;
  beforeEach(async () => {
    crm = await startCrmTestClient();
  });
  afterEach(async () => {
    await crm.close();
  });

  const ann = {
    externalId: "shopify-123",
    firstName: "Ann",
    lastName: "Lee",
    email: "ann@x.io",
    phones: [{ number: "+15551234567" }],
    address: { countryIso: "US", index: "10001", region: "NY", city: "New York", text: "5th Ave 1" },
    subscribed: false,
    createdAt: "2024-05-01 10:00:00",
    tags: ["shopify"],
  };

  it("creates with 201, reads back by externalId and by id in the API's read shape", async () => {
    // WHEN
    const created = await crm.post("/api/v5/customers/create", { customer: ann });
    const byExternalId = await crm.get("/api/v5/customers/shopify-123");
    const byId = await crm.get(`/api/v5/customers/${String(created.body.id)}`, { by: "id" });
    // THEN
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ success: true, id: expect.any(Number) });
    expect(byExternalId.body.customer).toMatchObject({
      id: created.body.id,
      externalId: "shopify-123",
      site: "shop-1",
      firstName: "Ann",
      phones: [{ number: "+15551234567" }],
      address: { city: "New York", text: "5th Ave 1" },
      tags: [{ name: "shopify", color: expect.any(String), attached: false }],
      customFields: [],
      createdAt: "2024-05-01 10:00:00",
      subscribed: false,
      emailMarketingUnsubscribedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      ordersCount: 0,
    });
    expect(byId.body.customer).toEqual(byExternalId.body.customer);
  });

  it("answers 404 for a customer that does not exist", async () => {
    const response = await crm.get("/api/v5/customers/nobody");
    expect(response).toEqual({ status: 404, body: { success: false, errorMsg: "Not found" } });
  });

  it("rejects a second customer with the same externalId in the site", async () => {
    await crm.post("/api/v5/customers/create", { customer: ann });
    const second = await crm.post("/api/v5/customers/create", { customer: { ...ann, email: "other@x.io" } });
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ success: false, errorMsg: "Customer already exists." });
  });

  it("rejects malformed fields with the field path", async () => {
    const response = await crm.post("/api/v5/customers/create", {
      customer: { externalId: "bad", email: "not-an-email", birthday: "01/02/1990", phones: [{ num: "1" }] },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      errorMsg: "Errors in the entity format",
      errors: { email: expect.any(String), birthday: expect.any(String), "phones[0].number": expect.any(String) },
    });
  });

  it("edits fields, merges the address and replaces phones", async () => {
    // GIVEN
    await crm.post("/api/v5/customers/create", { customer: ann });
    // WHEN
    const edited = await crm.post("/api/v5/customers/shopify-123/edit", {
      customer: { lastName: "Lee-Smith", address: { city: "Boston" }, phones: [{ number: "+15550000000" }], addTags: ["vip"] },
    });
    const read = await crm.get("/api/v5/customers/shopify-123");
    // THEN
    expect(edited.body).toEqual({ success: true, id: expect.any(Number) });
    expect(read.body.customer).toMatchObject({
      lastName: "Lee-Smith",
      address: { city: "Boston", index: "10001", text: "5th Ave 1" },
      phones: [{ number: "+15550000000" }],
      tags: [{ name: "shopify" }, { name: "vip" }],
    });
  });

  it("uploads up to 50 and answers 460 with the uploaded and failed lists on a partial failure", async () => {
    // GIVEN an existing customer "dup"
    await crm.post("/api/v5/customers/create", { customer: { externalId: "dup" } });
    // WHEN uploading a new one, the duplicate and a malformed one
    const response = await crm.post("/api/v5/customers/upload", {
      customers: [{ externalId: "new-1", firstName: "N" }, { externalId: "dup" }, { externalId: "bad", email: "nope" }],
    });
    // THEN
    expect(response.status).toBe(460);
    expect(response.body).toMatchObject({
      success: false,
      errorMsg: "Customers are loaded with errors",
      uploadedCustomers: [{ id: expect.any(Number), externalId: "new-1" }],
      failedCustomers: [{ externalId: "dup" }, { externalId: "bad" }],
      errors: ["Customer with externalId=dup already exists.", expect.stringContaining("customers[2].email")],
    });
    expect(crm.sim.snapshot().customers.map((customer) => customer.externalId)).toEqual(["dup", "new-1"]);
  });

  it("refuses an upload of more than 50 customers", async () => {
    const customers = Array.from({ length: 51 }, (_, index) => ({ externalId: `bulk-${index}` }));
    const response = await crm.post("/api/v5/customers/upload", { customers });
    expect(response.status).toBe(400);
    expect(crm.sim.snapshot().customers).toHaveLength(0);
  });

  it("sets externalIds with fix-external-ids", async () => {
    // GIVEN a customer created in the CRM without externalId
    const id = crm.sim.userCreate("customer", "shop-1", { firstName: "Crm", email: "crm@x.io" });
    // WHEN
    const fixed = await crm.post("/api/v5/customers/fix-external-ids", { customers: [{ id, externalId: "shopify-9" }] });
    const read = await crm.get("/api/v5/customers/shopify-9");
    // THEN
    expect(fixed).toEqual({ status: 200, body: { success: true } });
    expect(read.body.customer).toMatchObject({ id, externalId: "shopify-9" });
  });

  it("finds customers by email and by name or phone", async () => {
    await crm.post("/api/v5/customers/create", { customer: ann });
    await crm.post("/api/v5/customers/create", { customer: { externalId: "bob", firstName: "Bob", email: "bob@y.io" } });
    const byEmail = await crm.get("/api/v5/customers", { "filter[email]": "ANN@x.io" });
    const byPhone = await crm.get("/api/v5/customers", { "filter[name]": "555 123" });
    const byName = await crm.get("/api/v5/customers", { "filter[name]": "bob" });
    const externalIds = (body: Record<string, unknown>) => (body.customers as Array<{ externalId: string }>).map((c) => c.externalId);
    expect(externalIds(byEmail.body)).toEqual(["shopify-123"]);
    expect(externalIds(byPhone.body)).toEqual(["shopify-123"]);
    expect(externalIds(byName.body)).toEqual(["bob"]);
  });
});

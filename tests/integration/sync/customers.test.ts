import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLedgerRecord } from "../../../app/services/ledger";
import { syncCustomerToCrm } from "../../../app/services/sync/customer-to-crm";
import { formEntity, startSyncKit, type SyncKit } from "./sync-test-kit";
import { uniqueEmail } from "../../helpers/unique";

describe(syncCustomerToCrm.name, () => {
  let kit: SyncKit;
  beforeAll(async () => {
    kit = await startSyncKit();
  });
  afterAll(async () => {
    kit.shopify.assertNoViolations();
    await kit.close();
  });

  const crmCustomer = (site: string, externalId: string) =>
    kit.crm.snapshot().customers.find((customer) => customer.site === site && customer.externalId === externalId);

  it("creates the CRM customer with its phones in E.164 once each, consent, delivery address and tags", async () => {
    // GIVEN a shop connected to the CRM
    const shop = await kit.newShop();
    const email = uniqueEmail("anna");
    // WHEN the merchant adds a customer with a phone, two addresses (one with an apartment) and tags
    const customer = shop.sim.createCustomer({
      firstName: "Анна",
      lastName: "Петрова",
      email,
      phone: "+1 415-555-0100",
      tags: ["vip", "wholesale"],
      emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" },
      addresses: [
        { address1: "1 Market St", address2: "Apt 4", city: "San Francisco", provinceCode: "CA", countryCode: "US", zip: "94105", phone: "(415) 555-0100" },
        { address1: "Unter den Linden 5", city: "Berlin", countryCode: "DE", zip: "10117", phone: "030 1234567" },
        { address1: "Somewhere 1", city: "Paris", countryCode: "FR", zip: "75001", phone: "call me maybe" },
      ],
    });
    await shop.settle();

    // THEN the CRM has one customer with every phone normalised and de-duplicated, the default address only,
    // consent and tags
    const stored = crmCustomer(shop.site, String(customer.id));
    expect(stored).toMatchObject({
      firstName: "Анна",
      lastName: "Петрова",
      email,
      phones: [{ number: "+14155550100" }, { number: "+49301234567" }, { number: "call me maybe" }],
      subscribed: true,
      address: { text: "1 Market St||Apt 4", index: "94105", countryIso: "US", city: "San Francisco" },
      tags: [{ name: "vip" }, { name: "wholesale" }],
    });
    // AND the three deliveries it caused (create, tags added, consent) wrote it once
    expect(shop.crmWrites().map((request) => request.path)).toEqual(["/api/v5/customers/create"]);
    // AND the ledger shows it synced, noting the phone it could not read
    const ledger = await findLedgerRecord(kit.db, { shop: shop.domain, entity: "customer", direction: "to_crm", sourceId: String(customer.id) });
    expect(ledger).toMatchObject({ state: "synced", crmId: String(stored?.id) });
    expect(ledger?.lastError).toMatch(/call me maybe/);
  });

  it("links a CRM customer with the same e-mail instead of creating a second one", async () => {
    // GIVEN a CRM customer entered by hand with the e-mail, and another whose e-mail only contains it
    const shop = await kit.newShop();
    const email = uniqueEmail("olga");
    const lookalike = kit.crm.userCreate("customer", shop.site, { firstName: "Other", email: `x${email}` });
    const existing = kit.crm.userCreate("customer", shop.site, { firstName: "Olga", email: email.toUpperCase() });
    // WHEN the same person registers in Shopify
    const customer = shop.sim.createCustomer({ firstName: "Olga", lastName: "Ivanova", email });
    await shop.settle();
    // THEN the exact match got the Shopify id as its externalId; nothing was created
    const customers = kit.crm.snapshot().customers.filter((c) => c.site === shop.site);
    expect(customers).toHaveLength(2);
    expect(customers.find((c) => c.id === existing)).toMatchObject({ externalId: String(customer.id), lastName: "Ivanova" });
    expect(customers.find((c) => c.id === lookalike)?.externalId).toBeUndefined();
    expect(shop.crmWrites().map((request) => request.path)).toEqual([`/api/v5/customers/${existing}/edit`]);
    const ledger = await findLedgerRecord(kit.db, { shop: shop.domain, entity: "customer", direction: "to_crm", sourceId: String(customer.id) });
    expect(ledger).toMatchObject({ state: "synced", crmId: String(existing) });
    expect(ledger?.lastError).toMatch(/found by the same e-mail/);
  });

  it("edits the CRM customer when the customer changes, and a replayed delivery sends nothing", async () => {
    // GIVEN a synced customer
    const shop = await kit.newShop();
    const customer = shop.sim.createCustomer({ firstName: "Ivan", email: uniqueEmail("ivan"), phone: "+44 20 7946 0958" });
    await shop.settle();
    // WHEN the merchant changes the phone and removes the consent
    shop.sim.updateCustomer(customer.id, { phone: "+44 20 7946 0000", emailMarketingConsent: { marketingState: "UNSUBSCRIBED" } });
    await shop.settle();
    // THEN the CRM customer was edited by externalId with the new phone and no consent
    const edits = shop.crmWrites().filter((request) => request.path === `/api/v5/customers/${customer.id}/edit`);
    expect(edits).toHaveLength(1);
    expect(formEntity(edits[0]!, "customer")).toMatchObject({ phones: [{ number: "+442079460000" }], subscribed: false });
    expect(crmCustomer(shop.site, String(customer.id))).toMatchObject({ phones: [{ number: "+442079460000" }], subscribed: false });

    // WHEN Shopify delivers a customers/update again (a new event) about an unchanged customer
    const before = shop.crmRequests().length;
    const payload = kit.shopify.webhooks.events.filter((event) => event.shop === shop.domain && event.topic === "customers/update").at(-1)?.payload;
    kit.shopify.webhooks.send(shop.domain, "customers/update", payload);
    await shop.settle();
    // THEN RetailCRM got no request at all
    expect(shop.crmRequests()).toHaveLength(before);
    expect(await kit.db.webhookEvent.count({ where: { shop: shop.domain, topic: "customers/update", status: "processed" } })).toBe(2);
  });

  it("keeps the CRM customer when the customer is deleted in Shopify and says so in the ledger", async () => {
    // GIVEN a synced customer
    const shop = await kit.newShop();
    const customer = shop.sim.createCustomer({ firstName: "Pavel", email: uniqueEmail("pavel") });
    await shop.settle();
    const writes = shop.crmWrites().length;
    // WHEN the merchant deletes it in Shopify
    shop.sim.deleteCustomer(customer.id);
    await shop.settle();
    // THEN the CRM customer is still there, nothing was sent, and the ledger explains why
    expect(crmCustomer(shop.site, String(customer.id))).toBeDefined();
    expect(shop.crmWrites()).toHaveLength(writes);
    const ledger = await findLedgerRecord(kit.db, { shop: shop.domain, entity: "customer", direction: "to_crm", sourceId: String(customer.id) });
    expect(ledger?.state).toBe("skipped");
    expect(ledger?.lastError).toMatch(/deleted in Shopify.*RetailCRM customer \d+ was kept/);
  });
});

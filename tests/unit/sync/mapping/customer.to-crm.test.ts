import { describe, expect, it } from "vitest";
import { convertRestCustomer } from "../../../../app/sync/mapping/customer.from-rest";
import { mapCustomerToCrm, toCrmCustomerEdit } from "../../../../app/sync/mapping/customer.to-crm";
import { parseShopifyRestCustomer } from "../../../../app/sync/mapping/parse-shopify";
import type { ShopifyCustomer } from "../../../../app/sync/mapping/types";
import {
  buildCustomer,
  buildOrder,
  expectMapped,
  expectProblems,
  readWebhookExample,
} from "./mapping-fixtures";

describe(mapCustomerToCrm.name, () => {
  it("maps a GraphQL customer to the CRM customer shape, field by field", () => {
    // GIVEN a subscribed customer with a phone, a default address and tags
    const customer = buildCustomer();

    // WHEN mapped
    const { value, notes } = expectMapped(mapCustomerToCrm(customer));

    // THEN
    expect(value).toEqual({
      externalId: "123",
      firstName: "Ann",
      lastName: "Lee",
      email: "ann@example.com",
      subscribed: true,
      emailMarketingUnsubscribedAt: null,
      phones: [{ number: "+15551234567" }],
      address: { text: "5th Ave 1||Apt 2", index: "10001", region: "New York", city: "New York", countryIso: "US" },
      tags: ["vip", "wholesale"],
      createdAt: "2024-05-01 10:00:00",
    });
    expect(notes).toEqual([]);
  });

  it("de-duplicates phones written in different formats, keeping the order they were found in", () => {
    // GIVEN the same US number three ways, plus a Russian number on a Russian address
    const customer = buildCustomer({
      defaultPhoneNumber: { phoneNumber: "+1 (555) 123-4567" },
      defaultAddress: { ...buildCustomer().defaultAddress!, phone: "5551234567" },
      addressesV2: {
        nodes: [
          { ...buildCustomer().defaultAddress!, phone: "555.123.4567" },
          { ...buildCustomer().defaultAddress!, countryCodeV2: "RU", phone: "8 (912) 345-67-89" },
          { ...buildCustomer().defaultAddress!, phone: null },
        ],
      },
    });

    // WHEN mapped
    const { value, notes } = expectMapped(mapCustomerToCrm(customer));

    // THEN one entry per number, each in E.164 read with its own address country
    expect(value.phones).toEqual([{ number: "+15551234567" }, { number: "+79123456789" }]);
    expect(notes).toEqual([]);
  });

  it("keeps a phone it cannot read, as typed, and notes it once", () => {
    // GIVEN an unreadable phone on the customer and on an address
    const customer = buildCustomer({
      defaultPhoneNumber: { phoneNumber: "12ab" },
      addressesV2: { nodes: [{ ...buildCustomer().defaultAddress!, phone: " 12ab " }] },
    });

    // WHEN mapped
    const { value, notes } = expectMapped(mapCustomerToCrm(customer));

    // THEN it is sent as typed, next to the readable one, with one note
    expect(value.phones).toEqual([{ number: "12ab" }, { number: "+15551234567" }]);
    expect(notes).toEqual([
      {
        path: "defaultPhoneNumber.phoneNumber",
        message: 'Phone "12ab" could not be read as a phone number; sent to the CRM as typed. Correct it in Shopify if it is wrong.',
      },
    ]);
  });

  it("reads a local number with the shop's country when the customer has no address", () => {
    // GIVEN a customer with only a national-format phone
    const customer = buildCustomer({ defaultAddress: null, defaultPhoneNumber: { phoneNumber: "030 1234567" } });

    // WHEN mapped with and without the shop's country
    const withCountry = expectMapped(mapCustomerToCrm(customer, { defaultCountry: "DE" }));
    const without = expectMapped(mapCustomerToCrm(customer));

    // THEN the country makes it readable; without it the number is kept as typed
    expect(withCountry.value.phones).toEqual([{ number: "+49301234567" }]);
    expect(without.value.phones).toEqual([{ number: "030 1234567" }]);
    expect(without.notes).toHaveLength(1);
  });

  it("gives the customer its default address only, never another (billing) address", () => {
    // GIVEN a default (delivery) address and another address on file
    const customer = buildCustomer({
      addressesV2: {
        nodes: [{ ...buildCustomer().defaultAddress!, address1: "Billing Street 9", city: "Boston", zip: "02101" }],
      },
    });

    // WHEN mapped
    const { value } = expectMapped(mapCustomerToCrm(customer));

    // THEN the address is the default one
    expect(value.address?.text).toBe("5th Ave 1||Apt 2");
    expect(JSON.stringify(value)).not.toContain("Boston");
  });

  it("never takes an order's billing address for the customer made from that order", () => {
    // GIVEN an order whose billing address differs from the customer's default address
    const order = buildOrder();

    // WHEN its customer is read and mapped
    const customer = expectMapped(convertRestCustomer(order.customer!)).value;
    const { value } = expectMapped(mapCustomerToCrm(customer));

    // THEN the CRM customer has the default address, not the billing one
    expect(value.address).toEqual({ text: "5th Ave 1||Apt 2", index: "10001", region: "New York", city: "New York", countryIso: "US" });
    expect(JSON.stringify(value)).not.toContain("Billing Street");
  });

  it.each([
    { state: "SUBSCRIBED", updatedAt: "2024-04-01T08:00:00Z", expected: { subscribed: true, emailMarketingUnsubscribedAt: null } },
    { state: "UNSUBSCRIBED", updatedAt: "2024-04-01T08:00:00+02:00", expected: { subscribed: false, emailMarketingUnsubscribedAt: "2024-04-01 06:00:00" } },
    { state: "UNSUBSCRIBED", updatedAt: null, expected: { subscribed: false, emailMarketingUnsubscribedAt: "2024-05-02 11:00:00" } },
    { state: "NOT_SUBSCRIBED", updatedAt: null, expected: { subscribed: false } },
    { state: "PENDING", updatedAt: null, expected: { subscribed: false } },
    { state: "INVALID", updatedAt: null, expected: { subscribed: false } },
    { state: "REDACTED", updatedAt: null, expected: { subscribed: false } },
    { state: null, updatedAt: null, expected: {} },
  ])("marketing state $state → $expected", ({ state, updatedAt, expected }) => {
    // GIVEN a customer in that e-mail marketing state
    const customer = buildCustomer({
      defaultEmailAddress: { emailAddress: "ann@example.com", marketingState: state, marketingUpdatedAt: updatedAt },
    });

    // WHEN mapped
    const { value, notes } = expectMapped(mapCustomerToCrm(customer));

    // THEN the consent fields are exactly these
    const consent = Object.fromEntries(
      Object.entries(value).filter(([key]) => key === "subscribed" || key === "emailMarketingUnsubscribedAt"),
    );
    expect(consent).toEqual(expected);
    expect(notes).toEqual([]);
  });

  it("notes a marketing state it does not know and leaves consent untouched", () => {
    // GIVEN a state Shopify might add one day
    const customer = buildCustomer({
      defaultEmailAddress: { emailAddress: "ann@example.com", marketingState: "DOUBLE_SUBSCRIBED", marketingUpdatedAt: null },
    });

    // WHEN mapped
    const { value, notes } = expectMapped(mapCustomerToCrm(customer));

    // THEN
    expect("subscribed" in value).toBe(false);
    expect(notes).toEqual([{ path: "defaultEmailAddress.marketingState", message: expect.stringContaining("DOUBLE_SUBSCRIBED") }]);
  });

  it("sends no e-mail and no consent for a customer without e-mail", () => {
    // GIVEN no e-mail address
    const customer = buildCustomer({ defaultEmailAddress: null });

    // WHEN mapped
    const { value, notes } = expectMapped(mapCustomerToCrm(customer));

    // THEN
    expect(["email", "subscribed", "emailMarketingUnsubscribedAt"].filter((key) => key in value)).toEqual([]);
    expect(notes).toEqual([]);
  });

  it("leaves out an e-mail that is not an e-mail, with a note", () => {
    // GIVEN a broken e-mail
    const customer = buildCustomer({
      defaultEmailAddress: { emailAddress: "ann@@example", marketingState: "SUBSCRIBED", marketingUpdatedAt: null },
    });

    // WHEN mapped
    const { value, notes } = expectMapped(mapCustomerToCrm(customer));

    // THEN
    expect(value.email).toBeUndefined();
    expect(value.subscribed).toBeUndefined();
    expect(notes.map((note) => note.path)).toEqual(["defaultEmailAddress.emailAddress"]);
  });

  it("still maps a customer with no name, e-mail or phone, and says so", () => {
    // GIVEN an anonymous customer
    const customer: ShopifyCustomer = { id: "gid://shopify/Customer/9" };

    // WHEN mapped
    const { value, notes } = expectMapped(mapCustomerToCrm(customer));

    // THEN only the id goes, with a note
    expect(value).toEqual({ externalId: "9" });
    expect(notes).toEqual([{ path: "", message: expect.stringContaining("no name, e-mail or phone") }]);
  });

  it("keeps non-ASCII names and addresses unchanged", () => {
    // GIVEN Cyrillic, Japanese and emoji
    const customer = buildCustomer({
      firstName: "Анна 🌸",
      lastName: "山田",
      defaultAddress: { ...buildCustomer().defaultAddress!, address1: "ул. Ленина, 1", address2: "кв. 5", city: "東京", countryCodeV2: "JP", phone: "090-1234-5678" },
      defaultPhoneNumber: null,
      tags: ["постоянный", "常連", "⭐"],
    });

    // WHEN mapped
    const { value } = expectMapped(mapCustomerToCrm(customer));

    // THEN
    expect([value.firstName, value.lastName]).toEqual(["Анна 🌸", "山田"]);
    expect(value.address).toMatchObject({ text: "ул. Ленина, 1||кв. 5", city: "東京", countryIso: "JP" });
    expect(value.phones).toEqual([{ number: "+819012345678" }]);
    expect(value.tags).toEqual(["постоянный", "常連", "⭐"]);
  });

  it("trims and de-duplicates tags, and leaves tags out when Shopify gave none", () => {
    // GIVEN messy tags, and a customer read from a payload without tags
    const messy = buildCustomer({ tags: [" vip", "vip ", "", "wholesale"] });
    const unknown = buildCustomer({ tags: null });

    // WHEN mapped
    // THEN
    expect(expectMapped(mapCustomerToCrm(messy)).value.tags).toEqual(["vip", "wholesale"]);
    expect("tags" in expectMapped(mapCustomerToCrm(unknown)).value).toBe(false);
  });

  it("sends no address for a customer without one", () => {
    // GIVEN no default address, and one with only empty fields
    const none = buildCustomer({ defaultAddress: null });
    const empty = buildCustomer({ defaultAddress: { address1: " ", city: "", zip: null } });

    // WHEN mapped
    // THEN
    expect("address" in expectMapped(mapCustomerToCrm(none)).value).toBe(false);
    expect("address" in expectMapped(mapCustomerToCrm(empty)).value).toBe(false);
  });

  it("applies the externalId prefix and the CRM timezone", () => {
    // GIVEN a customer created at 10:00 UTC
    const customer = buildCustomer();

    // WHEN mapped for a prefixed, Tokyo-time CRM
    const { value } = expectMapped(mapCustomerToCrm(customer, { externalIdPrefix: "shopify-", crmTimeZone: "Asia/Tokyo" }));

    // THEN
    expect(value.externalId).toBe("shopify-123");
    expect(value.createdAt).toBe("2024-05-01 19:00:00");
  });

  it.each<[string, unknown, string[]]>([
    ["null", null, [""]],
    ["an empty object", {}, ["id"]],
    ["an id that is not a customer id", { id: "gid://shopify/Order/1" }, ["id"]],
    ["tags that are not a list", { id: "gid://shopify/Customer/1", tags: "vip" }, ["tags"]],
    ["a bad createdAt", { id: "gid://shopify/Customer/1", createdAt: "soon" }, ["createdAt"]],
  ])("returns problems, never throws, for %s", (_name, input, paths) => {
    // GIVEN malformed input
    // WHEN mapped
    const problems = expectProblems(mapCustomerToCrm(input as ShopifyCustomer));

    // THEN
    expect(problems.map((problem) => problem.path)).toEqual(paths);
  });

  it("refuses an unknown CRM timezone", () => {
    // GIVEN / WHEN
    const problems = expectProblems(mapCustomerToCrm(buildCustomer(), { crmTimeZone: "Nowhere/Land" }));

    // THEN
    expect(problems.map((problem) => problem.path)).toEqual(["settings.crmTimeZone"]);
  });
});

describe(toCrmCustomerEdit.name, () => {
  it("strips createdAt and keeps the rest", () => {
    // GIVEN a mapped customer
    const input = expectMapped(mapCustomerToCrm(buildCustomer())).value;

    // WHEN turned into an edit
    const edit = toCrmCustomerEdit(input);

    // THEN
    const { createdAt: _createdAt, ...rest } = input;
    expect(edit).toEqual(rest);
    expect(input.createdAt).toBe("2024-05-01 10:00:00");
  });
});

describe(convertRestCustomer.name, () => {
  it.each(["customers-create.json", "customers-update.json"])("reads Shopify's %s example with its exact id", (file) => {
    // GIVEN the documented customers/* body (JSON id rounded, gid exact)
    const rest = expectMapped(parseShopifyRestCustomer(readWebhookExample(file))).value;

    // WHEN converted and mapped
    const customer = expectMapped(convertRestCustomer(rest)).value;
    const { value } = expectMapped(mapCustomerToCrm(customer));

    // THEN
    expect(customer.id).toBe("gid://shopify/Customer/706405506930370084");
    expect(value).toMatchObject({
      externalId: "706405506930370084",
      firstName: "Bob",
      lastName: "Biller",
      email: "bob@biller.com",
      address: { text: "151 O'Connor Street", index: "K2P 2L8", region: "ON", city: "Ottawa", countryIso: "CA" },
      createdAt: "2022-01-01 00:00:00",
    });
    expect("tags" in value).toBe(false);
    expect("subscribed" in value).toBe(false);
  });

  it("reads tags and consent from a legacy (2024-10) payload", () => {
    // GIVEN the legacy customers/update example with an e-mail added
    const rest = expectMapped(parseShopifyRestCustomer(readWebhookExample("legacy-2024-10-customers-update.json"))).value;
    const withEmail = { ...rest, email: "bob@biller.com", tags: "vip, , wholesale" };

    // WHEN converted and mapped
    const { value } = expectMapped(mapCustomerToCrm(expectMapped(convertRestCustomer(withEmail)).value));

    // THEN
    expect(value.tags).toEqual(["vip", "wholesale"]);
    expect(value.subscribed).toBe(false);
  });

  it("refuses an id that is too large to be exact and has no gid", () => {
    // GIVEN a rounded id without admin_graphql_api_id
    const problems = expectProblems(convertRestCustomer({ id: 706405506930370000 }));

    // THEN
    expect(problems.map((problem) => problem.path)).toEqual(["id"]);
  });
});

import { describe, expect, it } from "vitest";
import { validateAdminDocument } from "../../../../sim/shopify/schema";

describe(validateAdminDocument.name, () => {
  it("accepts a valid document with valid variables", () => {
    // GIVEN a query the app could send
    const query = `query CustomerPage($first: Int!, $query: String) {
      customers(first: $first, query: $query) { nodes { id firstName defaultEmailAddress { emailAddress } tags } }
    }`;
    // WHEN / THEN
    expect(validateAdminDocument(query, { first: 50, query: "updated_at:>'2026-11-01T00:00:00Z'" })).toEqual([]);
  });

  it("reports a field the schema does not have", () => {
    const errors = validateAdminDocument(`query { customer(id: "gid://shopify/Customer/1") { acceptsMarketing } }`);
    expect(errors).toEqual([expect.stringContaining('Cannot query field "acceptsMarketing" on type "Customer"')]);
  });

  it("reports a deprecated field", () => {
    const errors = validateAdminDocument(`query { customer(id: "gid://shopify/Customer/1") { id email } }`);
    expect(errors).toEqual([expect.stringContaining("Customer.email is deprecated")]);
  });

  it("reports a bad enum value in the variables", () => {
    // GIVEN an address with a country code that is not in CountryCode
    const query = `mutation Set($input: CustomerSetInput!) { customerSet(input: $input) { customer { id } userErrors { code field message } } }`;
    // WHEN
    const errors = validateAdminDocument(query, { input: { email: "a@b.co", addresses: [{ countryCode: "RUS" }] } });
    // THEN
    expect(errors).toEqual([expect.stringContaining('Value "RUS" does not exist in "CountryCode" enum')]);
  });

  it("reports an @oneOf identifier with two keys and a missing required variable", () => {
    const query = `mutation Set($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
      customerSet(identifier: $identifier, input: $input) { customer { id } userErrors { code field message } }
    }`;
    expect(validateAdminDocument(query, { identifier: { email: "a@b.co", phone: "+15555550100" }, input: {} })).toEqual([
      expect.stringContaining("Exactly one key must be specified"),
    ]);
    expect(validateAdminDocument(query, {})).toEqual([expect.stringContaining('Variable "$input" of required type')]);
  });

  it("reports a field asked on the wrong error type and unparseable text", () => {
    expect(validateAdminDocument(`mutation { customerCreate(input: {}) { userErrors { code } } }`)).toEqual([
      expect.stringContaining('Cannot query field "code" on type "UserError"'),
    ]);
    expect(validateAdminDocument("query {")).toEqual([expect.stringContaining("Syntax Error")]);
  });

  it("picks the operation by name and reports an unknown one", () => {
    const document = `query A { shop { name } } query B { shop { id } }`;
    expect(validateAdminDocument(document, {}, "B")).toEqual([]);
    expect(validateAdminDocument(document)).toEqual([expect.stringContaining("Must provide operation name")]);
    expect(validateAdminDocument(document, {}, "C")).toEqual(['Unknown operation named "C".']);
  });
});

import { describe, expect, it } from "vitest";
import { CUSTOMER_ADDRESS_PAGE, CUSTOMER_FOR_CRM_QUERY, fetchCustomerForCrm } from "../../../app/services/shopify/operations/customers/customer-for-crm";
import { validateAdminDocument } from "../../../sim/shopify/schema";

describe(fetchCustomerForCrm.name, () => {
  it("sends a document and variables that are valid for the Admin API version the app targets, with no deprecated fields", () => {
    // GIVEN the document and the variables fetchCustomerForCrm sends
    const variables = { id: "gid://shopify/Customer/7100000000001", addresses: CUSTOMER_ADDRESS_PAGE };
    // WHEN they are checked against Shopify's real Admin schema
    const problems = validateAdminDocument(CUSTOMER_FOR_CRM_QUERY, variables, "CustomerForCrm");
    // THEN there is nothing to report
    expect(problems).toEqual([]);
  });

  it("would be caught using a deprecated field", () => {
    // GIVEN the same document reading the deprecated Customer.email
    const deprecated = CUSTOMER_FOR_CRM_QUERY.replace("firstName\n      lastName", "firstName\n      email\n      lastName");
    // WHEN checked THEN the deprecation is reported
    expect(validateAdminDocument(deprecated, { id: "gid://shopify/Customer/1", addresses: 1 })).toEqual([expect.stringMatching(/email.*deprecated/i)]);
  });
});

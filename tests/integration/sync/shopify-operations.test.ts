import { describe, expect, it } from "vitest";
import {
  CUSTOMER_ADDRESS_PAGE,
  CUSTOMER_FOR_CRM_QUERY,
  CUSTOMERS_FOR_CRM_QUERY,
  CUSTOMERS_PER_QUERY,
  fetchCustomerForCrm,
} from "../../../app/services/shopify/operations/customers/customer-for-crm";
import { validateAdminDocument } from "../../../sim/shopify/schema";

describe(fetchCustomerForCrm.name, () => {
  const ids = Array.from({ length: CUSTOMERS_PER_QUERY }, (_, index) => `gid://shopify/Customer/${7100000000001 + index}`);

  it.each([
    ["CustomerForCrm", CUSTOMER_FOR_CRM_QUERY, { id: ids[0], addresses: CUSTOMER_ADDRESS_PAGE }],
    ["CustomersForCrm", CUSTOMERS_FOR_CRM_QUERY, { ids, addresses: CUSTOMER_ADDRESS_PAGE }],
  ])("sends %s with variables valid for the Admin API version the app targets, and no deprecated fields", (name, document, variables) => {
    // GIVEN the document and the variables the app sends
    // WHEN they are checked against Shopify's real Admin schema
    const problems = validateAdminDocument(document, variables, name);
    // THEN there is nothing to report
    expect(problems).toEqual([]);
  });

  it("would be caught using a deprecated field", () => {
    // GIVEN the same document reading the deprecated Customer.email
    const deprecated = CUSTOMER_FOR_CRM_QUERY.replace(/firstName\s+lastName\s+tags/, "firstName\n    email\n    lastName\n    tags");
    expect(deprecated).not.toBe(CUSTOMER_FOR_CRM_QUERY);
    // WHEN checked THEN the deprecation is reported
    expect(validateAdminDocument(deprecated, { id: ids[0], addresses: 1 })).toEqual([expect.stringMatching(/email.*deprecated/i)]);
  });
});

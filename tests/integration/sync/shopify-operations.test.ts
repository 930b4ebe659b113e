import { describe, expect, it } from "vitest";
import {
  CUSTOMER_ADDRESS_PAGE,
  CUSTOMER_FOR_CRM_QUERY,
  CUSTOMERS_FOR_CRM_QUERY,
  CUSTOMERS_PAGE_FOR_CRM_QUERY,
  CUSTOMERS_PER_PAGE,
  CUSTOMERS_PER_QUERY,
  fetchCustomerForCrm,
} from "../../../app/services/shopify/operations/customers/customer-for-crm";
import { ORDER_LINE_PAGE, ORDERS_PAGE_FOR_CRM_QUERY, ORDERS_PER_PAGE } from "../../../app/services/shopify/operations/orders/orders-for-crm";
import { buildUpdatedSinceQuery } from "../../../app/services/shopify/operations/shared";
import { validateAdminDocument } from "../../../sim/shopify/schema";

describe(fetchCustomerForCrm.name, () => {
  const since = buildUpdatedSinceQuery(new Date("2026-01-01T00:00:00Z"));
  const ids = Array.from({ length: CUSTOMERS_PER_QUERY }, (_, index) => `gid://shopify/Customer/${7100000000001 + index}`);

  it.each([
    ["CustomerForCrm", CUSTOMER_FOR_CRM_QUERY, { id: ids[0], addresses: CUSTOMER_ADDRESS_PAGE }],
    ["CustomersForCrm", CUSTOMERS_FOR_CRM_QUERY, { ids, addresses: CUSTOMER_ADDRESS_PAGE }],
    ["CustomersPageForCrm", CUSTOMERS_PAGE_FOR_CRM_QUERY, { first: CUSTOMERS_PER_PAGE, after: "abc", query: since, addresses: CUSTOMER_ADDRESS_PAGE }],
    ["OrdersPageForCrm", ORDERS_PAGE_FOR_CRM_QUERY, { first: ORDERS_PER_PAGE, after: null, query: since, lines: ORDER_LINE_PAGE }],
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

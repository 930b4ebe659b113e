import { describe, expect, it } from "vitest";
import { parseJsonLosslessly, parseShopifyCustomer, parseShopifyOrderPayload } from "../../../../app/sync/mapping/parse-shopify";
import { mapOrderToCrm } from "../../../../app/sync/mapping/order.to-crm";
import { buildSettings, expectMapped, expectProblems, readWebhookExample } from "./mapping-fixtures";

describe(parseShopifyOrderPayload.name, () => {
  it.each(["orders-create.json", "legacy-2024-10-orders-create.json"])("accepts Shopify's %s example as text and as parsed JSON", (file) => {
    // GIVEN the documented body
    const text = readWebhookExample(file);

    // WHEN parsed both ways
    const fromText = expectMapped(parseShopifyOrderPayload(text)).value;
    const fromJson = expectMapped(parseShopifyOrderPayload(JSON.parse(text))).value;

    // THEN both are read, ids above 2^53 stay text only when read from text, and both map to the same CRM order
    expect(fromText.id).toBe("820982911946154500");
    expect(fromJson.id).toBe(820982911946154500);
    expect(fromText.line_items.length).toBe(fromJson.line_items.length);
    expect(mapOrderToCrm(fromText, buildSettings())).toEqual(mapOrderToCrm(fromJson, buildSettings()));
  });

  it("keeps integers above 2^53 exact when given the raw text", () => {
    // GIVEN a body with an id JSON.parse would round
    const text = '{"id": 820982911946154508, "total_price": "1.00", "line_items": []}';

    // WHEN parsed
    const order = expectMapped(parseShopifyOrderPayload(text)).value;

    // THEN
    expect(order.id).toBe("820982911946154508");
  });

  it.each<[string, unknown, { path: string; message: string }[]]>([
    ["not JSON", "{", [{ path: "", message: "Shopify sent an order we cannot read: the body is not valid JSON. Check that the sender is Shopify and retry the delivery." }]],
    ["a number", 42, [{ path: "", message: "Shopify sent an order we cannot read: the body is a number, not a JSON object." }]],
    [
      "wrong types",
      { id: 1, total_price: "1.00", line_items: [{ id: 2, quantity: "2", price: "1.00" }], taxes_included: "no" },
      [
        { path: "taxes_included", message: 'Shopify sent an order we cannot read: the field "taxes_included" should be true or false, but it is text.' },
        { path: "line_items[0].quantity", message: 'Shopify sent an order we cannot read: the field "line_items[0].quantity" should be a number, but it is text.' },
      ],
    ],
    [
      "a quantity that is not whole",
      { id: 1, total_price: "1.00", line_items: [{ id: 2, quantity: 1.5, price: "1.00" }] },
      [{ path: "line_items[0].quantity", message: 'Shopify sent an order we cannot read: the field "line_items[0].quantity" should be a whole number, 0 or more.' }],
    ],
    [
      "a missing line id",
      { id: 1, total_price: "1.00", line_items: [{ quantity: 1, price: "1.00" }] },
      [{ path: "line_items[0].id", message: 'Shopify sent an order we cannot read: the field "line_items[0].id" is missing.' }],
    ],
    [
      "a price with a comma",
      { id: 1, total_price: "1,00", line_items: [] },
      [{ path: "total_price", message: 'Shopify sent an order we cannot read: the field "total_price" should be an amount such as "12.34".' }],
    ],
  ])("explains %s in plain words", (_name, input, problems) => {
    // GIVEN / WHEN / THEN
    expect(expectProblems(parseShopifyOrderPayload(input))).toEqual(problems);
  });
});

describe(parseShopifyCustomer.name, () => {
  it("accepts a GraphQL customer and drops fields it does not use", () => {
    // GIVEN a customer node with extra fields
    const node = { id: "gid://shopify/Customer/1", firstName: "Ann", numberOfOrders: "3", tags: [] };

    // WHEN parsed
    const customer = expectMapped(parseShopifyCustomer(node)).value;

    // THEN
    expect(customer).toEqual({ id: "gid://shopify/Customer/1", firstName: "Ann", tags: [] });
  });
});

describe(parseJsonLosslessly.name, () => {
  it("leaves safe numbers and decimals alone and returns undefined for broken text", () => {
    // GIVEN / WHEN / THEN
    expect(parseJsonLosslessly('{"a": 12, "b": 1.5, "c": 9007199254740993}')).toEqual({ value: { a: 12, b: 1.5, c: "9007199254740993" } });
    expect(parseJsonLosslessly("nope")).toBeUndefined();
  });
});

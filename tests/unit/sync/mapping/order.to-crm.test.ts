import { describe, expect, it } from "vitest";
import { mapOrderToCrm, toCrmOrderEdit } from "../../../../app/sync/mapping/order.to-crm";
import { parseShopifyOrderPayload } from "../../../../app/sync/mapping/parse-shopify";
import type { OrderMappingSettings } from "../../../../app/sync/mapping/order-settings";
import type { ShopifyOrderPayload } from "../../../../app/sync/mapping/types";
import {
  buildBillingAddress,
  buildLineItem,
  buildOrder,
  buildSettings,
  buildShippingAddress,
  buildShippingLine,
  expectMapped,
  expectProblems,
  loadOrderExample,
  readWebhookExample,
} from "./mapping-fixtures";

describe(mapOrderToCrm.name, () => {
  it("maps a paid catalog order to the CRM order shape, field by field", () => {
    // GIVEN a paid order with a customer, one discounted catalog line and one shipping line
    const order = buildOrder();

    // WHEN it is mapped
    const { value, notes } = expectMapped(mapOrderToCrm(order, buildSettings()));

    // THEN every field follows the mapping rules
    expect(value).toEqual({
      externalId: "5001",
      number: "#1001",
      createdAt: "2024-05-01 10:05:00",
      orderMethod: "shopping-cart",
      status: "new",
      countryIso: "US",
      firstName: "Ann",
      lastName: "Lee",
      email: "ann@example.com",
      phone: "+15551234567",
      customer: { externalId: "123" },
      managerComment: "Leave at door",
      items: [
        {
          offer: { externalId: "4455" },
          productName: "Tee - Red / M",
          initialPrice: 20,
          quantity: 2,
          discountManualAmount: 2,
          externalIds: [{ code: "shopify", value: "99887766" }],
        },
      ],
      delivery: {
        code: "courier",
        cost: 5,
        address: { text: "5th Ave 1||Apt 2", index: "10001", region: "New York", city: "New York", countryIso: "US" },
      },
      payments: [
        { externalId: "test-shop-5001", type: "bank-card", status: "paid", amount: 41, paidAt: "2024-05-01 10:05:00" },
      ],
    });
    expect(notes).toEqual([]);
  });

  it.each([
    ["orders-create.json", "820982911946154508", "115310627314723954", "#9999"],
    ["legacy-2024-10-orders-create.json", "820982911946154508", "115310627314723954", "#9999"],
  ])("maps Shopify's documented example %s with exact ids", (file, orderId, customerId, number) => {
    // GIVEN Shopify's example payload, whose JSON ids were rounded by the scraper
    const order = loadOrderExample(file);

    // WHEN it is mapped
    const { value } = expectMapped(mapOrderToCrm(order, buildSettings()));

    // THEN the ids come from admin_graphql_api_id, custom lines are free items and the cancelled order is cancelled
    expect(value.externalId).toBe(orderId);
    expect(value.customer).toEqual({ externalId: customerId });
    expect(value.number).toBe(number);
    expect(value.status).toBe("cancel-other");
    expect(value.createdAt).toBe("2022-01-01 00:00:00");
    expect(value.items.length).toBe(order.line_items.length);
    for (const item of value.items) expect(item.offer).toBeUndefined();
    expect(value.delivery?.address).toEqual({
      text: "123 Shipping Street",
      index: "40003",
      region: "Kentucky",
      city: "Shippington",
      countryIso: "US",
    });
    expect(value.payments[0]?.status).toBe("not-paid");
    expect(value.payments[0]?.externalId).toBe(`test-shop-${orderId}`);
  });

  it("keeps a rounded example line item id exact through its admin_graphql_api_id", () => {
    // GIVEN the example's first line, whose JSON id is 487817672276298560 and gid ends in ...554
    const order = loadOrderExample();

    // WHEN mapped
    const { value } = expectMapped(mapOrderToCrm(order, buildSettings()));

    // THEN the CRM line carries the exact id
    expect(value.items[0]?.externalIds).toEqual([{ code: "shopify", value: "487817672276298554" }]);
  });

  type Case = {
    name: string;
    order: ShopifyOrderPayload;
    check: (result: ReturnType<typeof mapOrderToCrm>) => void;
  };
  const cases: Case[] = [
    {
      name: "guest checkout: no customer reference, buyer from the shipping address and the order e-mail",
      order: buildOrder({ customer: null, email: "guest@example.com" }),
      check: (result) => {
        const { value } = expectMapped(result);
        expect(value.customer).toBeUndefined();
        expect([value.firstName, value.lastName, value.email, value.phone]).toEqual([
          "Ann",
          "Lee",
          "guest@example.com",
          "+15551234567",
        ]);
      },
    },
    {
      name: "guest checkout without shipping address: buyer from the billing address",
      order: buildOrder({ customer: null, shipping_address: null, shipping_lines: [] }),
      check: (result) => {
        const { value } = expectMapped(result);
        expect([value.firstName, value.lastName, value.phone, value.countryIso]).toEqual([
          "Bill",
          "Payer",
          "+16175550199",
          "US",
        ]);
        expect(value.delivery).toBeUndefined();
      },
    },
    {
      name: "no address2: the delivery text is address1 alone",
      order: buildOrder({ shipping_address: buildShippingAddress({ address2: null }) }),
      check: (result) => expect(expectMapped(result).value.delivery?.address?.text).toBe("5th Ave 1"),
    },
    {
      name: "address2 of spaces only counts as empty",
      order: buildOrder({ shipping_address: buildShippingAddress({ address2: "   " }) }),
      check: (result) => expect(expectMapped(result).value.delivery?.address?.text).toBe("5th Ave 1"),
    },
    {
      name: "no shipping address: delivery without address, billing address never used for it",
      order: buildOrder({ shipping_address: null }),
      check: (result) => {
        const { value } = expectMapped(result);
        expect(value.delivery).toEqual({ code: "courier", cost: 5 });
        expect(JSON.stringify(value)).not.toContain("Billing Street");
      },
    },
    {
      name: "billing address differs from shipping: delivery uses shipping only",
      order: buildOrder(),
      check: (result) => {
        const { value } = expectMapped(result);
        expect(value.delivery?.address?.city).toBe("New York");
        expect(JSON.stringify(value)).not.toContain("Boston");
      },
    },
    {
      name: "no phone anywhere: no phone and no note",
      order: buildOrder({
        customer: { ...buildOrder().customer!, phone: null },
        shipping_address: buildShippingAddress({ phone: null }),
        billing_address: buildBillingAddress({ phone: "" }),
        phone: null,
      }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.phone).toBeUndefined();
        expect(notes).toEqual([]);
      },
    },
    {
      name: "unparseable phone: sent as typed with a note naming the field",
      order: buildOrder({ customer: { ...buildOrder().customer!, phone: "12ab" } }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.phone).toBe("12ab");
        expect(notes).toEqual([{ path: "customer.phone", message: expect.stringContaining('"12ab"') }]);
      },
    },
    {
      name: "missing e-mail everywhere: no e-mail field",
      order: buildOrder({ customer: { ...buildOrder().customer!, email: null }, email: null, contact_email: null }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect("email" in value).toBe(false);
        expect(notes).toEqual([]);
      },
    },
    {
      name: "e-mail that is not an e-mail, and no other: left out with a note",
      order: buildOrder({ customer: { ...buildOrder().customer!, email: "ann at example" }, email: null, contact_email: null }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.email).toBeUndefined();
        expect(notes.map((note) => note.path)).toEqual(["customer.email"]);
      },
    },
    {
      name: "broken customer e-mail: the order e-mail is used instead, and the broken one is noted once",
      order: buildOrder({ customer: { ...buildOrder().customer!, email: "ann at example" }, email: "ann@example.com", contact_email: "ann at example" }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.email).toBe("ann@example.com");
        expect(notes.map((note) => note.path)).toEqual(["customer.email"]);
      },
    },
    {
      name: "custom item: a free item with its title and price, no offer",
      order: buildOrder({
        line_items: [buildLineItem({ variant_id: null, product_id: null, title: "Gift wrap", name: "Gift wrap - deluxe", price: "3.50", discount_allocations: [], quantity: 1, current_quantity: 1 })],
      }),
      check: (result) => {
        expect(expectMapped(result).value.items).toEqual([
          {
            productName: "Gift wrap",
            initialPrice: 3.5,
            quantity: 1,
            discountManualAmount: 0,
            externalIds: [{ code: "shopify", value: "99887766" }],
          },
        ]);
      },
    },
    {
      name: "0-priced item is sent at price 0",
      order: buildOrder({ line_items: [buildLineItem({ price: "0.00", discount_allocations: [] })] }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.items[0]).toMatchObject({ initialPrice: 0, discountManualAmount: 0, quantity: 2 });
        expect(notes).toEqual([]);
      },
    },
    {
      name: "multiple shipping lines: type of the first, costs summed, a note",
      order: buildOrder({
        shipping_lines: [
          buildShippingLine({ title: "Express", code: "EXPRESS", price: "12.00", discounted_price: "10.00" }),
          buildShippingLine({ title: "Oversize surcharge", code: null, price: "7.25", discounted_price: null }),
          buildShippingLine({ title: "Removed", price: "99.00", discounted_price: "99.00", is_removed: true }),
        ],
      }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.delivery).toMatchObject({ code: "express-crm", cost: 17.25 });
        expect(notes).toEqual([{ path: "shipping_lines", message: expect.stringContaining("17.25") }]);
      },
    },
    {
      name: "cancelled order: the cancelled status even when paid and fulfilled",
      order: buildOrder({ cancelled_at: "2024-05-02T09:00:00Z", fulfillment_status: "fulfilled" }),
      check: (result) => expect(expectMapped(result).value.status).toBe("cancel-other"),
    },
    {
      name: "non-ASCII text (Cyrillic, Japanese, emoji) passes through unchanged",
      order: buildOrder({
        note: "Позвоните за час 📞 お願いします",
        customer: { ...buildOrder().customer!, first_name: "Анна", last_name: "山田" },
        shipping_address: buildShippingAddress({ address1: "ул. Ленина, 1", address2: "кв. 5 🏠", city: "東京", province: "Токио" }),
        line_items: [buildLineItem({ name: "Футболка — 赤 / M 👕" })],
      }),
      check: (result) => {
        const { value } = expectMapped(result);
        expect(value.managerComment).toBe("Позвоните за час 📞 お願いします");
        expect([value.firstName, value.lastName]).toEqual(["Анна", "山田"]);
        expect(value.delivery?.address).toMatchObject({ text: "ул. Ленина, 1||кв. 5 🏠", city: "東京", region: "Токио" });
        expect(value.items[0]?.productName).toBe("Футболка — 赤 / M 👕");
      },
    },
    {
      name: "discount that does not split evenly: per unit rounded to cents, with a note on the difference",
      order: buildOrder({ line_items: [buildLineItem({ quantity: 3, current_quantity: 3, discount_allocations: [{ amount: "6.00" }, { amount: "4.00" }] })] }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.items[0]).toMatchObject({ initialPrice: 20, quantity: 3, discountManualAmount: 3.33 });
        expect(notes).toEqual([{ path: "line_items[0]", message: expect.stringMatching(/50\.01 in the CRM and 50\.00 in Shopify/) }]);
      },
    },
    {
      name: "total_discount is used when the line has no discount allocations",
      order: buildOrder({ line_items: [buildLineItem({ discount_allocations: [], total_discount: "5.00" })] }),
      check: (result) => expect(expectMapped(result).value.items[0]?.discountManualAmount).toBe(2.5),
    },
    {
      name: "prices without tax: the tax per unit is added to the price and to the delivery cost",
      order: buildOrder({
        taxes_included: false,
        line_items: [buildLineItem({ tax_lines: [{ price: "2.88" }] })],
        shipping_lines: [buildShippingLine({ tax_lines: [{ price: "0.40" }] })],
      }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.items[0]).toMatchObject({ initialPrice: 21.44, discountManualAmount: 2 });
        expect(value.delivery?.cost).toBe(5.4);
        expect(notes).toEqual([]);
      },
    },
    {
      name: "a line an edit took to 0 is left out with a note",
      order: buildOrder({ line_items: [buildLineItem(), buildLineItem({ id: 77, admin_graphql_api_id: "gid://shopify/LineItem/77", name: "Cap", current_quantity: 0 })] }),
      check: (result) => {
        const { value, notes } = expectMapped(result);
        expect(value.items.map((item) => item.productName)).toEqual(["Tee - Red / M"]);
        expect(notes).toEqual([{ path: "line_items[1].current_quantity", message: expect.stringContaining('"Cap"') }]);
      },
    },
    {
      name: "refunded units stay on the CRM line (refunds show in status and payment)",
      order: buildOrder({
        financial_status: "partially_refunded",
        current_total_price: "23.00",
        line_items: [buildLineItem({ current_quantity: 1 })],
        refunds: [{ refund_line_items: [{ line_item_id: 99887766, quantity: 1 }] }],
      }),
      check: (result) => {
        const { value } = expectMapped(result);
        expect(value.items[0]?.quantity).toBe(2);
        expect(value.payments[0]).toMatchObject({ status: "paid", amount: 23 });
      },
    },
    {
      name: "blank note: no managerComment",
      order: buildOrder({ note: "  \n " }),
      check: (result) => expect("managerComment" in expectMapped(result).value).toBe(false),
    },
    {
      name: "free order: no payment",
      order: buildOrder({ total_price: "0.00", current_total_price: "0.00" }),
      check: (result) => expect(expectMapped(result).value.payments).toEqual([]),
    },
  ];

  it.each(cases)("$name", ({ order, check }) => {
    // GIVEN the order of the case, and settings that map the STANDARD and EXPRESS shipping codes
    const settings = buildSettings({ deliveryTypeMap: { express: "express-crm", standard: "courier" } });

    // WHEN it is mapped
    const result = mapOrderToCrm(order, settings);

    // THEN the case's expectations hold
    check(result);
  });

  it.each([
    { change: {}, state: "paid", status: "crm-paid" },
    { change: { financial_status: "pending" }, state: "open", status: "crm-open" },
    { change: { financial_status: "authorized" }, state: "open", status: "crm-open" },
    { change: { fulfillment_status: "partial" }, state: "partially_fulfilled", status: "crm-partial" },
    { change: { fulfillment_status: "fulfilled" }, state: "fulfilled", status: "crm-fulfilled" },
    { change: { financial_status: "refunded", fulfillment_status: "fulfilled" }, state: "refunded", status: "crm-refunded" },
    { change: { cancelled_at: "2024-05-03T00:00:00Z", financial_status: "refunded" }, state: "cancelled", status: "crm-cancelled" },
  ] as const)("sends the status mapped for the $state state", ({ change, status }) => {
    // GIVEN a status map with a distinct code per state
    const settings = buildSettings({
      statusMap: {
        open: "crm-open",
        paid: "crm-paid",
        partially_fulfilled: "crm-partial",
        fulfilled: "crm-fulfilled",
        cancelled: "crm-cancelled",
        refunded: "crm-refunded",
      },
    });

    // WHEN an order in that state is mapped
    const { value } = expectMapped(mapOrderToCrm(buildOrder(change), settings));

    // THEN its status is the mapped code
    expect(value.status).toBe(status);
  });

  it.each([
    { financial_status: "paid", extra: {}, status: "paid", amount: 41, paidAt: true, notes: 0 },
    { financial_status: "partially_refunded", extra: { current_total_price: "30.00" }, status: "paid", amount: 30, paidAt: true, notes: 1 },
    { financial_status: "partially_paid", extra: { total_outstanding: "11.00" }, status: "paid", amount: 30, paidAt: true, notes: 1 },
    { financial_status: "partially_paid", extra: { total_outstanding: null }, status: "not-paid", amount: 41, paidAt: false, notes: 1 },
    { financial_status: "refunded", extra: { current_total_price: "0.00" }, status: "not-paid", amount: 41, paidAt: false, notes: 1 },
    { financial_status: "pending", extra: {}, status: "not-paid", amount: 41, paidAt: false, notes: 0 },
    { financial_status: "authorized", extra: {}, status: "not-paid", amount: 41, paidAt: false, notes: 0 },
    { financial_status: "voided", extra: {}, status: "not-paid", amount: 41, paidAt: false, notes: 0 },
    { financial_status: "expired", extra: {}, status: "not-paid", amount: 41, paidAt: false, notes: 0 },
    { financial_status: "on_the_moon", extra: {}, status: "not-paid", amount: 41, paidAt: false, notes: 1 },
  ])("payment for financial_status $financial_status: $status, $amount", ({ financial_status, extra, status, amount, paidAt, notes }) => {
    // GIVEN an order in that financial state
    const order = buildOrder({ financial_status, ...extra });

    // WHEN mapped
    const result = expectMapped(mapOrderToCrm(order, buildSettings()));

    // THEN one payment with that status and amount; a paid date only when paid
    expect(result.value.payments).toHaveLength(1);
    expect(result.value.payments[0]).toMatchObject({ status, amount, externalId: "test-shop-5001" });
    expect(result.value.payments[0]?.paidAt !== undefined).toBe(paidAt);
    expect(result.notes.filter((note) => note.path !== "line_items[0]")).toHaveLength(notes);
  });

  it("maps gateways to payment types without regard to case, and notes unmapped or several gateways", () => {
    // GIVEN settings that map two gateways
    const settings = buildSettings({ paymentTypeMap: { "Shopify_Payments": "card-online", manual: "cash" } });

    // WHEN orders with a mapped, an unmapped and several gateways are mapped
    const mapped = expectMapped(mapOrderToCrm(buildOrder({ payment_gateway_names: ["shopify_payments"] }), settings));
    const unmapped = expectMapped(mapOrderToCrm(buildOrder({ payment_gateway_names: ["paypal"] }), settings));
    const several = expectMapped(mapOrderToCrm(buildOrder({ payment_gateway_names: ["manual", "gift_card"] }), settings));
    const none = expectMapped(mapOrderToCrm(buildOrder({ payment_gateway_names: [] }), settings));

    // THEN the type follows the map, the default fills gaps, and the merchant is told
    expect(mapped.value.payments[0]?.type).toBe("card-online");
    expect(mapped.notes).toEqual([]);
    expect(unmapped.value.payments[0]?.type).toBe("bank-card");
    expect(unmapped.notes).toEqual([{ path: "payment_gateway_names[0]", message: expect.stringContaining('"paypal"') }]);
    expect(several.value.payments[0]?.type).toBe("cash");
    expect(several.notes).toEqual([{ path: "payment_gateway_names", message: expect.stringContaining("manual, gift_card") }]);
    expect(none.value.payments[0]?.type).toBe("bank-card");
  });

  it("maps a shipping line by its code, else by its title, else to the default type", () => {
    // GIVEN a delivery map with a code and a title
    const settings = buildSettings({ deliveryTypeMap: { STANDARD: "courier-std", "Store pickup": "self-delivery" }, defaultDeliveryType: "post" });
    const withLine = (title: string, code: string | null) => buildOrder({ shipping_lines: [buildShippingLine({ title, code })] });

    // WHEN three orders are mapped
    const byCode = expectMapped(mapOrderToCrm(withLine("Whatever", "standard"), settings));
    const byTitle = expectMapped(mapOrderToCrm(withLine("store pickup", null), settings));
    const fallback = expectMapped(mapOrderToCrm(withLine("Drone", "DRONE"), settings));

    // THEN
    expect(byCode.value.delivery?.code).toBe("courier-std");
    expect(byTitle.value.delivery?.code).toBe("self-delivery");
    expect(fallback.value.delivery?.code).toBe("post");
    expect(fallback.notes).toEqual([{ path: "shipping_lines[0]", message: expect.stringContaining('"Drone"') }]);
  });

  it("gives the same payment externalId on a replay and a different one in another shop scope", () => {
    // GIVEN one order
    const order = buildOrder();

    // WHEN it is mapped twice in one shop and once in another
    const first = expectMapped(mapOrderToCrm(order, buildSettings({ shopScope: "shop-a" })));
    const replay = expectMapped(mapOrderToCrm(structuredClone(order), buildSettings({ shopScope: "shop-a" })));
    const other = expectMapped(mapOrderToCrm(order, buildSettings({ shopScope: "shop-b" })));

    // THEN the whole output repeats and only the scope changes the payment id
    expect(replay.value).toEqual(first.value);
    expect(first.value.payments[0]?.externalId).toBe("shop-a-5001");
    expect(other.value.payments[0]?.externalId).toBe("shop-b-5001");
  });

  it("applies the customer externalId prefix, the CRM timezone and the default country", () => {
    // GIVEN settings for a CRM in Moscow time with prefixed customer ids
    const settings = buildSettings({ customerExternalIdPrefix: "shopify-", crmTimeZone: "Europe/Moscow", defaultCountry: "DE" });
    const order = buildOrder({ shipping_address: null, billing_address: null, shipping_lines: [] });

    // WHEN mapped
    const { value } = expectMapped(mapOrderToCrm(order, settings));

    // THEN
    expect(value.customer).toEqual({ externalId: "shopify-123" });
    expect(value.createdAt).toBe("2024-05-01 13:05:00");
    expect(value.payments[0]?.paidAt).toBe("2024-05-01 13:05:00");
    expect(value.countryIso).toBe("DE");
  });

  it.each<[string, unknown, string[]]>([
    ["null", null, [""]],
    ["a list", [], [""]],
    ["text that is not JSON", "{oops", [""]],
    ["an empty object", {}, ["id", "total_price", "line_items"]],
    ["an unreadable price and quantity", { ...buildOrder(), line_items: [{ ...buildLineItem(), price: "abc", quantity: -1 }] }, ["line_items[0].quantity", "line_items[0].price"]],
    ["an id that is not digits", { ...buildOrder(), id: "abc", admin_graphql_api_id: null }, ["id"]],
    ["line_items that are not a list", { ...buildOrder(), line_items: "none" }, ["line_items"]],
    ["a created_at that is not a date", { ...buildOrder(), created_at: "yesterday" }, ["created_at"]],
    ["a line with neither title nor name", { ...buildOrder(), line_items: [buildLineItem({ title: null, name: " " })] }, ["line_items[0].title"]],
    ["an order id too large to read exactly", { ...buildOrder(), id: 820982911946154500, admin_graphql_api_id: null }, ["id"]],
    ["a customer id too large to read exactly", { ...buildOrder(), customer: { id: 115310627314723950 } }, ["customer.id"]],
  ])("returns problems, never throws, for %s", (_name, payload, paths) => {
    // GIVEN a malformed payload
    // WHEN it is mapped
    const problems = expectProblems(mapOrderToCrm(payload as ShopifyOrderPayload, buildSettings()));

    // THEN each problem names its field in plain words
    expect(problems.map((problem) => problem.path)).toEqual(paths);
    for (const problem of problems) expect(problem.message).toMatch(/\w{3,}/);
  });

  it("describes a missing field as missing", () => {
    // GIVEN an order without total_price
    const { total_price: _total, ...order } = buildOrder();

    // WHEN mapped
    const problems = expectProblems(mapOrderToCrm(order as ShopifyOrderPayload, buildSettings()));

    // THEN
    expect(problems).toEqual([{ path: "total_price", message: 'Shopify sent an order we cannot read: the field "total_price" is missing.' }]);
  });

  it("keeps large ids exact when the raw webhook text is parsed with parseShopifyOrderPayload", () => {
    // GIVEN a webhook body whose ids exceed 2^53 and carry no gid
    const text = readWebhookExample("orders-create.json")
      .replace('"id": 820982911946154500', '"id": 820982911946154508')
      .replaceAll(/"admin_graphql_api_id": "gid:\/\/shopify\/Order\/\d+",?/g, "");
    const parsed = parseShopifyOrderPayload(text);

    // WHEN mapped
    const { value } = expectMapped(mapOrderToCrm(expectMapped(parsed).value, buildSettings()));

    // THEN the id is the exact digits of the text
    expect(value.externalId).toBe("820982911946154508");
  });

  it.each([
    [{ statusMap: { fulfilled: "" } }, "settings.statusMap.fulfilled"],
    [{ crmTimeZone: "Mars/Olympus" }, "settings.crmTimeZone"],
    [{ shopScope: "my shop!" }, "settings.shopScope"],
    [{ paymentStatusPaid: " " }, "settings.paymentStatusPaid"],
  ])("refuses settings it cannot work with: %o", (overrides, path) => {
    // GIVEN broken settings
    const settings = buildSettings(overrides);

    // WHEN an order is mapped
    const problems = expectProblems(mapOrderToCrm(buildOrder(), settings));

    // THEN the problem points at the setting
    expect(problems.map((problem) => problem.path)).toEqual([path]);
  });

  it.each<[string, unknown, string[]]>([
    ["no settings at all", null, ["settings"]],
    ["settings without maps", { ...buildSettings(), paymentTypeMap: undefined, deliveryTypeMap: null }, ["settings.paymentTypeMap", "settings.deliveryTypeMap"]],
  ])("returns problems, never throws, for %s", (_name, settings, paths) => {
    // GIVEN / WHEN
    const problems = expectProblems(mapOrderToCrm(buildOrder(), settings as OrderMappingSettings));

    // THEN
    expect(problems.map((problem) => problem.path)).toEqual(paths);
  });
});

describe(toCrmOrderEdit.name, () => {
  it("strips createdAt and payments and keeps everything else", () => {
    // GIVEN a mapped order
    const input = expectMapped(mapOrderToCrm(buildOrder(), buildSettings())).value;

    // WHEN turned into an edit
    const edit = toCrmOrderEdit(input);

    // THEN create-only fields are gone, the rest is untouched, the input is not changed
    expect("createdAt" in edit).toBe(false);
    expect("payments" in edit).toBe(false);
    const { createdAt: _createdAt, payments: _payments, ...rest } = input;
    expect(edit).toEqual(rest);
    expect(input.createdAt).toBe("2024-05-01 10:05:00");
    expect(input.payments).toHaveLength(1);
  });

  it("leaves the status out when it is the one last sent, and keeps it when it changed", () => {
    // GIVEN a paid order that maps to "new"
    const input = expectMapped(mapOrderToCrm(buildOrder(), buildSettings())).value;

    // WHEN edits are built after "new" and after "complete" were last sent
    const unchanged = toCrmOrderEdit(input, { lastSentStatus: "new" });
    const changed = toCrmOrderEdit(input, { lastSentStatus: "complete" });

    // THEN
    expect("status" in unchanged).toBe(false);
    expect(changed.status).toBe("new");
  });
});

import { describe, expect, it } from "vitest";
import { keepCrmLines } from "../../../../app/services/sync/order-to-crm";
import { decodeOrderPushState, encodeOrderPushState } from "../../../../app/services/sync/sync-ledger";

const line = (shopifyLineId: string, name: string) => ({
  productName: name,
  initialPrice: 10,
  quantity: 1,
  discountManualAmount: 0,
  externalIds: [{ code: "shopify", value: shopifyLineId }],
});

describe(keepCrmLines.name, () => {
  it("gives Shopify's lines the ids of their CRM lines, keeps lines a CRM user added, and drops lines Shopify removed", () => {
    // GIVEN a CRM order with two Shopify lines and one line added in the CRM
    const crmItems = [
      { id: 11, externalIds: [{ code: "shopify", value: "901" }] },
      { id: 12, externalIds: [{ code: "shopify", value: "902" }] },
      { id: 13, externalIds: [] },
    ];
    // WHEN Shopify now has line 901 and a new line 903
    const items = keepCrmLines([line("901", "Tee"), line("903", "Mug")], crmItems);
    // THEN 901 keeps id 11, 903 is new, 902 is left out (removed), and the CRM's own line stays
    expect(items).toEqual([{ ...line("901", "Tee"), id: 11 }, line("903", "Mug"), { id: 13 }]);
  });
});

describe(decodeOrderPushState.name, () => {
  it.each([
    ["what encodeOrderPushState stored", encodeOrderPushState({ hash: "h1", status: "new" }), { hash: "h1", status: "new" }],
    ["a plain hash", "h2", { hash: "h2" }],
    ["nothing", null, {}],
    ["broken JSON", "{oops", {}],
  ])("reads %s", (_case, text, expected) => {
    expect(decodeOrderPushState(text)).toEqual(expected);
  });
});

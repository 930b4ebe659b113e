import { describe, expect, it } from "vitest";
import {
  formatCatalogDate,
  formatPrice,
  readShopifyGidType,
  toNumericShopifyId,
} from "../../../../app/sync/icml/offer-values";

describe(formatPrice.name, () => {
  it.each([
    ["19.90", "19.90"],
    ["20", "20.00"],
    ["20.0", "20.00"],
    ["0.5", "0.50"],
    ["1500", "1500.00"],
    ["9.994", "9.99"],
    ["9.995", "10.00"],
    ["1.005", "1.01"],
    ["123456789012345678.999", "123456789012345679.00"],
    [" 7.10 ", "7.10"],
    ["", null],
    ["abc", null],
    ["1e3", null],
  ])("formats %j as %j", (input, expected) => {
    // GIVEN a Money string
    // WHEN it is formatted
    // THEN it has two decimals, rounded half up on the digits, or is null when not a decimal
    expect(formatPrice(input)).toBe(expected);
  });
});

describe(toNumericShopifyId.name, () => {
  it.each([
    ["gid://shopify/ProductVariant/123", "123"],
    ["gid://shopify/Product/9007199254740993", "9007199254740993"],
    ["gid://shopify/Collection/5?from=bulk", "5"],
  ])("reads %s as %s", (gid, expected) => {
    // GIVEN a gid
    // WHEN it is converted
    // THEN the numeric id is kept exactly, even beyond 2^53
    expect(toNumericShopifyId(gid)).toBe(expected);
  });

  it.each(["123", "gid://shopify/Product/", "gid://other/Product/1"])("rejects %j", (value) => {
    // GIVEN something that is not a Shopify gid
    // WHEN it is converted
    // THEN the error says what was expected
    expect(() => toNumericShopifyId(value)).toThrow(/gid:\/\/shopify\/<Type>\/<number>/);
  });
});

describe(readShopifyGidType.name, () => {
  it("names the gid's type and ignores non-gids", () => {
    // GIVEN gids and other values
    // WHEN their type is read
    // THEN only gids have one
    expect(readShopifyGidType("gid://shopify/MediaImage/1")).toBe("MediaImage");
    expect(readShopifyGidType(12)).toBeUndefined();
    expect(readShopifyGidType("MediaImage/1")).toBeUndefined();
  });
});

describe(formatCatalogDate.name, () => {
  it("writes Y-m-d H:i:s in UTC", () => {
    // GIVEN a moment given with a time zone offset
    const date = new Date("2026-03-04T01:02:03.999+03:00");
    // WHEN it is formatted
    // THEN it is the UTC wall time without fractions
    expect(formatCatalogDate(date)).toBe("2026-03-03 22:02:03");
  });
});

import { describe, expect, it } from "vitest";
import {
  FALLBACK_CATEGORY_ID,
  MAX_PICTURES_PER_OFFER,
  buildOfferName,
  mapProductToIcmlOffers,
  type IcmlOffer,
} from "../../../../app/sync/icml/offer";
import type { ShopifyCatalogProduct } from "../../../../app/sync/icml/types";
import { buildProduct, buildVariant } from "./catalog-builders";

const context = { shopDomain: "my-shop.myshopify.com" };

function mapOnlyOffer(product: ShopifyCatalogProduct): IcmlOffer {
  const offers = mapProductToIcmlOffers(product, context);
  expect(offers).toHaveLength(1);
  return offers[0]!;
}

describe(buildOfferName.name, () => {
  it.each([
    {
      case: "the only Default Title variant gets the bare product title",
      variant: { title: "Default Title", selectedOptions: [{ name: "Title", value: "Default Title" }] },
      expected: "T-shirt",
    },
    {
      case: "options are joined with ' / ' after ' - '",
      variant: { title: "Red / L", selectedOptions: [{ name: "Color", value: "Red" }, { name: "Size", value: "L" }] },
      expected: "T-shirt - Red / L",
    },
    {
      case: "a single option",
      variant: { title: "Red", selectedOptions: [{ name: "Color", value: "Red" }] },
      expected: "T-shirt - Red",
    },
    {
      case: "no options falls back to the variant title",
      variant: { title: "Gift box", selectedOptions: [] },
      expected: "T-shirt - Gift box",
    },
    {
      case: "no options and an empty title gives the product title",
      variant: { title: "", selectedOptions: [] },
      expected: "T-shirt",
    },
  ])("$case", ({ variant, expected }) => {
    // GIVEN a variant of the product "T-shirt"
    // WHEN the offer name is built
    const name = buildOfferName("T-shirt", variant);
    // THEN it follows the "title - options" rule
    expect(name).toBe(expected);
  });
});

describe(mapProductToIcmlOffers.name, () => {
  it("maps a simple product to one offer with every field", () => {
    // GIVEN an active, published product with one Default Title variant
    const product = buildProduct();
    // WHEN it is mapped
    const offer = mapOnlyOffer(product);
    // THEN the offer carries numeric ids and the product's data
    expect(offer).toEqual({
      id: "2001",
      productId: "1001",
      quantity: 5,
      url: "https://shop.example/products/t-shirt",
      price: "19.90",
      categoryIds: ["501"],
      pictures: ["https://cdn.example/featured.jpg"],
      name: "T-shirt",
      productName: "T-shirt",
      params: [{ name: "Article", code: "article", value: "SKU-1" }],
      vendor: "Acme",
      weightKg: "1.5",
      barcode: "4600000000017",
      productActive: true,
    } satisfies IcmlOffer);
  });

  it("gives every variant of a product the same productId and its own id, name and params", () => {
    // GIVEN a product with two variants that have Color and Size options
    const product = buildProduct({
      variants: {
        nodes: [
          buildVariant({
            id: "gid://shopify/ProductVariant/11",
            title: "Red / L",
            sku: "TS-R-L",
            selectedOptions: [{ name: "Color", value: "Red" }, { name: "Size", value: "L" }],
          }),
          buildVariant({
            id: "gid://shopify/ProductVariant/12",
            title: "Blue / M",
            sku: "TS-B-M",
            selectedOptions: [{ name: "Color", value: "Blue" }, { name: "Size", value: "M" }],
          }),
        ],
      },
    });
    // WHEN it is mapped
    const offers = mapProductToIcmlOffers(product, context);
    // THEN both offers share the product id and carry their options as params
    expect(offers.map((offer) => [offer.id, offer.productId, offer.name])).toEqual([
      ["11", "1001", "T-shirt - Red / L"],
      ["12", "1001", "T-shirt - Blue / M"],
    ]);
    expect(offers[1]!.params).toEqual([
      { name: "Article", code: "article", value: "TS-B-M" },
      { name: "Color", code: "color", value: "Blue" },
      { name: "Size", code: "size", value: "M" },
    ]);
  });

  it.each([
    { unit: "GRAMS", value: 500, expected: "0.5" },
    { unit: "GRAMS", value: 1, expected: "0.001" },
    { unit: "KILOGRAMS", value: 2.25, expected: "2.25" },
    { unit: "OUNCES", value: 16, expected: "0.453592" },
    { unit: "POUNDS", value: 1, expected: "0.453592" },
    { unit: "POUNDS", value: 2.5, expected: "1.133981" },
    { unit: "GRAMS", value: 0, expected: null },
    { unit: "STONES", value: 3, expected: null },
  ])("converts a weight of $value $unit to $expected kg", ({ unit, value, expected }) => {
    // GIVEN a variant with that weight
    const product = buildProduct({
      variants: { nodes: [buildVariant({ inventoryItem: { measurement: { weight: { unit, value } } } })] },
    });
    // WHEN it is mapped
    // THEN the weight is in kilograms, or absent when unknown or zero
    expect(mapOnlyOffer(product).weightKg).toBe(expected);
  });

  it.each([
    { inventoryItem: null },
    { inventoryItem: { measurement: null } },
    { inventoryItem: { measurement: { weight: null } } },
  ])("leaves the weight out when Shopify has none (%o)", (variantFields) => {
    // GIVEN a variant without a weight
    const product = buildProduct({ variants: { nodes: [buildVariant(variantFields)] } });
    // WHEN it is mapped
    // THEN there is no weight
    expect(mapOnlyOffer(product).weightKg).toBeNull();
  });

  it.each([
    { inventoryQuantity: 7, expected: 7 },
    { inventoryQuantity: 0, expected: 0 },
    { inventoryQuantity: -3, expected: 0 },
    { inventoryQuantity: null, expected: 0 },
  ])("turns stock $inventoryQuantity into quantity $expected", ({ inventoryQuantity, expected }) => {
    // GIVEN a variant with that stock
    const product = buildProduct({ variants: { nodes: [buildVariant({ inventoryQuantity })] } });
    // WHEN it is mapped
    // THEN the quantity is never negative
    expect(mapOnlyOffer(product).quantity).toBe(expected);
  });

  it.each([
    { status: "ACTIVE", publishedAt: "2026-01-01T00:00:00Z", expected: true },
    { status: "ACTIVE", publishedAt: null, expected: false },
    { status: "DRAFT", publishedAt: "2026-01-01T00:00:00Z", expected: false },
    { status: "ARCHIVED", publishedAt: "2026-01-01T00:00:00Z", expected: false },
    { status: "UNLISTED", publishedAt: "2026-01-01T00:00:00Z", expected: false },
  ])("marks a $status product published at $publishedAt as active=$expected", ({ status, publishedAt, expected }) => {
    // GIVEN a product with that status and publication
    const product = buildProduct({ status, publishedAt });
    // WHEN it is mapped
    // THEN productActivity is Y only for active, published products
    expect(mapOnlyOffer(product).productActive).toBe(expected);
  });

  it("leaves SKU, barcode and vendor out when they are missing or blank", () => {
    // GIVEN a product without vendor and a variant without SKU and barcode
    const product = buildProduct({
      vendor: "  ",
      variants: { nodes: [buildVariant({ sku: null, barcode: "" })] },
    });
    // WHEN it is mapped
    const offer = mapOnlyOffer(product);
    // THEN none of them is written and no article param appears
    expect(offer.params).toEqual([]);
    expect(offer.barcode).toBeNull();
    expect(offer.vendor).toBeNull();
  });

  it.each([
    {
      case: "the variant's own image wins",
      variantMedia: [{ image: { url: "https://cdn.example/red.jpg" } }],
      productMedia: [{ image: { url: "https://cdn.example/a.jpg" } }],
      featured: { image: { url: "https://cdn.example/featured.jpg" } },
      expected: ["https://cdn.example/red.jpg"],
    },
    {
      case: "else the featured image, then the other product images without repeats",
      variantMedia: [],
      productMedia: [
        { image: { url: "https://cdn.example/featured.jpg" } },
        { mediaContentType: "VIDEO", image: null },
        { image: { url: "https://cdn.example/b.jpg" } },
      ],
      featured: { image: { url: "https://cdn.example/featured.jpg" } },
      expected: ["https://cdn.example/featured.jpg", "https://cdn.example/b.jpg"],
    },
    {
      case: "no images at all",
      variantMedia: [],
      productMedia: [],
      featured: null,
      expected: [],
    },
  ])("pictures: $case", ({ variantMedia, productMedia, featured, expected }) => {
    // GIVEN a product and variant with those images
    const product = buildProduct({
      featuredMedia: featured,
      media: { nodes: productMedia },
      variants: { nodes: [buildVariant({ media: { nodes: variantMedia } })] },
    });
    // WHEN it is mapped
    // THEN the pictures follow variant → featured → other images
    expect(mapOnlyOffer(product).pictures).toEqual(expected);
  });

  it(`keeps at most ${MAX_PICTURES_PER_OFFER} pictures per offer`, () => {
    // GIVEN a product with 15 images
    const media = Array.from({ length: 15 }, (_, index) => ({ image: { url: `https://cdn.example/${index}.jpg` } }));
    const product = buildProduct({ featuredMedia: null, media: { nodes: media } });
    // WHEN it is mapped
    // THEN only the first ones are kept
    expect(mapOnlyOffer(product).pictures).toHaveLength(MAX_PICTURES_PER_OFFER);
  });

  it("puts a product in several collections into all of them, and one in none into the fallback", () => {
    // GIVEN one product in two collections and one in none
    const inTwo = buildProduct({
      collections: {
        nodes: [
          { id: "gid://shopify/Collection/7", title: "Sale" },
          { id: "gid://shopify/Collection/8", title: "Summer" },
        ],
      },
    });
    const inNone = buildProduct({ collections: { nodes: [] } });
    // WHEN both are mapped
    // THEN the categories follow the collections, with the fallback for none
    expect(mapOnlyOffer(inTwo).categoryIds).toEqual(["7", "8"]);
    expect(mapOnlyOffer(inNone).categoryIds).toEqual([FALLBACK_CATEGORY_ID]);
  });

  it("links to the store's product page when the product has no online store URL", () => {
    // GIVEN a product that is not on the online store channel
    const product = buildProduct({ onlineStoreUrl: null, handle: "shirt-ß" });
    // WHEN it is mapped
    // THEN the URL is built from the shop domain and the handle
    expect(mapOnlyOffer(product).url).toBe("https://my-shop.myshopify.com/products/shirt-%C3%9F");
  });

  it("gives repeated or reserved option names unique codes", () => {
    // GIVEN options whose names collide with each other and with the SKU's code
    const product = buildProduct({
      variants: {
        nodes: [
          buildVariant({
            selectedOptions: [
              { name: "Article", value: "A1" },
              { name: "Size", value: "L" },
              { name: "size", value: "XL" },
              { name: "Цвет", value: "Красный" },
              { name: "色", value: "赤" },
            ],
          }),
        ],
      },
    });
    // WHEN it is mapped
    const codes = mapOnlyOffer(product).params.map((param) => param.code);
    // THEN every code is unique and made of [a-z0-9_-]
    expect(codes).toEqual(["article", "article_2", "size", "size_2", "tsvet", "option_5"]);
  });

  it("rejects ids that are not Shopify gids, naming the bad value", () => {
    // GIVEN a product whose variant id is numeric instead of a gid
    const product = buildProduct({ variants: { nodes: [buildVariant({ id: "2001" })] } });
    // WHEN it is mapped
    // THEN the error names the value and what is expected
    expect(() => mapProductToIcmlOffers(product, context)).toThrow(/"2001" is not a Shopify global id/);
  });
});

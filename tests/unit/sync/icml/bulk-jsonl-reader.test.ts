import { describe, expect, it } from "vitest";
import { BulkCatalogFormatError, readBulkCatalogJsonl } from "../../../../app/sync/icml/bulk-jsonl-reader";
import type { ShopifyCatalogProduct } from "../../../../app/sync/icml/types";
import { toAsync } from "./catalog-builders";

const P1 = "gid://shopify/Product/1";
const P2 = "gid://shopify/Product/2";

const productLine = (id: string, title: string) =>
  JSON.stringify({
    id,
    title,
    handle: title.toLowerCase(),
    vendor: "Acme",
    status: "ACTIVE",
    publishedAt: "2026-01-01T00:00:00Z",
    onlineStoreUrl: null,
    featuredMedia: { id: "gid://shopify/MediaImage/10", mediaContentType: "IMAGE", image: { url: "https://cdn.example/f.jpg" } },
  });

const variantLine = (id: string, parentId: string, options: Array<{ name: string; value: string }>) =>
  JSON.stringify({
    id,
    title: options.map((option) => option.value).join(" / "),
    sku: null,
    barcode: null,
    price: "10.00",
    inventoryQuantity: 3,
    selectedOptions: options,
    inventoryItem: { measurement: { weight: { unit: "GRAMS", value: 250 } } },
    __parentId: parentId,
  });

async function readAll(lines: string[]): Promise<ShopifyCatalogProduct[]> {
  const products: ShopifyCatalogProduct[] = [];
  for await (const product of readBulkCatalogJsonl(toAsync(lines))) products.push(product);
  return products;
}

describe(readBulkCatalogJsonl.name, () => {
  it("assembles products from parent lines and their __parentId children", async () => {
    // GIVEN grouped bulk output: product 1 with two variants, two collections, an image, a video and
    // a variant image; product 2 with one Default Title variant and nothing else; a blank line
    const lines = [
      productLine(P1, "Shirt"),
      JSON.stringify({ id: "gid://shopify/Collection/7", title: "Sale", __parentId: P1 }),
      JSON.stringify({ id: "gid://shopify/Collection/8", title: "Summer", __parentId: P1 }),
      JSON.stringify({ id: "gid://shopify/MediaImage/10", mediaContentType: "IMAGE", image: { url: "https://cdn.example/f.jpg" }, __parentId: P1 }),
      JSON.stringify({ id: "gid://shopify/Video/11", mediaContentType: "VIDEO", __parentId: P1 }),
      variantLine("gid://shopify/ProductVariant/101", P1, [{ name: "Color", value: "Red" }]),
      JSON.stringify({
        id: "gid://shopify/MediaImage/12",
        mediaContentType: "IMAGE",
        image: { url: "https://cdn.example/red.jpg" },
        __parentId: "gid://shopify/ProductVariant/101",
      }),
      variantLine("gid://shopify/ProductVariant/102", P1, [{ name: "Color", value: "Blue" }]),
      "",
      productLine(P2, "Mug"),
      variantLine("gid://shopify/ProductVariant/201", P2, [{ name: "Title", value: "Default Title" }]),
    ];
    // WHEN the lines are read
    const products = await readAll(lines);
    // THEN each product carries its own children in the API's nodes shape, without __parentId
    expect(products).toHaveLength(2);
    const [shirt, mug] = products;
    expect(shirt!.collections.nodes).toEqual([
      { id: "gid://shopify/Collection/7", title: "Sale" },
      { id: "gid://shopify/Collection/8", title: "Summer" },
    ]);
    expect(shirt!.media?.nodes).toEqual([
      { id: "gid://shopify/MediaImage/10", mediaContentType: "IMAGE", image: { url: "https://cdn.example/f.jpg" } },
      { id: "gid://shopify/Video/11", mediaContentType: "VIDEO" },
    ]);
    expect(shirt!.variants.nodes.map((variant) => variant.id)).toEqual([
      "gid://shopify/ProductVariant/101",
      "gid://shopify/ProductVariant/102",
    ]);
    expect(shirt!.variants.nodes[0]!.media?.nodes).toEqual([
      { id: "gid://shopify/MediaImage/12", mediaContentType: "IMAGE", image: { url: "https://cdn.example/red.jpg" } },
    ]);
    expect(shirt!.variants.nodes[1]).toEqual({
      id: "gid://shopify/ProductVariant/102",
      title: "Blue",
      sku: null,
      barcode: null,
      price: "10.00",
      inventoryQuantity: 3,
      selectedOptions: [{ name: "Color", value: "Blue" }],
      inventoryItem: { measurement: { weight: { unit: "GRAMS", value: 250 } } },
    });
    expect(mug).toMatchObject({ id: P2, title: "Mug", handle: "mug", collections: { nodes: [] }, media: { nodes: [] } });
    expect(mug!.variants.nodes).toHaveLength(1);
    expect(JSON.stringify(products)).not.toContain("__parentId");
  });

  it("yields a product as soon as the next product line arrives, before the input ends", async () => {
    // GIVEN an input that records how many lines have been pulled
    let pulled = 0;
    async function* lines() {
      for (const line of [
        productLine(P1, "Shirt"),
        variantLine("gid://shopify/ProductVariant/101", P1, []),
        productLine(P2, "Mug"),
        variantLine("gid://shopify/ProductVariant/201", P2, []),
      ]) {
        pulled += 1;
        yield line;
      }
    }
    // WHEN the first product is taken
    const iterator = readBulkCatalogJsonl(lines())[Symbol.asyncIterator]();
    const first = await iterator.next();
    // THEN it is complete and only the lines up to the next product were read
    expect(first.value).toMatchObject({ id: P1, variants: { nodes: [{ id: "gid://shopify/ProductVariant/101" }] } });
    expect(pulled).toBe(3);
    await iterator.return?.();
  });

  it("stops on ungrouped output, where a child comes after another product started", async () => {
    // GIVEN a variant of product 1 that arrives after product 2's line
    const lines = [
      productLine(P1, "Shirt"),
      productLine(P2, "Mug"),
      variantLine("gid://shopify/ProductVariant/101", P1, []),
    ];
    // WHEN the lines are read
    const reading = readAll(lines);
    // THEN the error names the line and tells how to run the bulk operation
    await expect(reading).rejects.toThrow(BulkCatalogFormatError);
    await expect(readAll(lines)).rejects.toThrow(/Line 3 .*groupObjects: true/);
  });

  it.each([
    { case: "a line that is not JSON", lines: ["{not json"], message: /Line 1 .*not valid JSON/ },
    { case: "a JSON value that is not an object", lines: ["[1,2]"], message: /Line 1 .*expected a JSON object/ },
    {
      case: "a child before any product",
      lines: [variantLine("gid://shopify/ProductVariant/101", P1, [])],
      message: /Line 1 .*not the product being read/,
    },
    {
      case: "a variant without a price",
      lines: [productLine(P1, "Shirt"), JSON.stringify({ id: "gid://shopify/ProductVariant/9", title: "x", selectedOptions: [], __parentId: P1 })],
      message: /Line 2 .*ProductVariant\/9 .*price/,
    },
    {
      case: "a product without a title",
      lines: [JSON.stringify({ id: P1, handle: "h", status: "ACTIVE" })],
      message: /Line 1 .*Product\/1 .*title/,
    },
  ])("reports $case with its line number", async ({ lines, message }) => {
    // GIVEN malformed bulk output
    // WHEN it is read
    // THEN a BulkCatalogFormatError says which line and what is wrong
    await expect(readAll(lines)).rejects.toThrow(message);
  });

  it("ignores child lines of kinds the catalog does not use", async () => {
    // GIVEN a product with a metafield line (from an extended query)
    const lines = [
      productLine(P1, "Shirt"),
      JSON.stringify({ id: "gid://shopify/Metafield/5", key: "k", value: "v", __parentId: P1 }),
      variantLine("gid://shopify/ProductVariant/101", P1, []),
    ];
    // WHEN the lines are read
    const [product] = await readAll(lines);
    // THEN the product is read without it
    expect(product!.variants.nodes).toHaveLength(1);
    expect(product!.collections.nodes).toEqual([]);
    expect(product!.media?.nodes).toEqual([]);
  });
});

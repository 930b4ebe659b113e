import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readBulkCatalogJsonl } from "../../../../app/sync/icml/bulk-jsonl-reader";
import { writeIcml } from "../../../../app/sync/icml/icml-writer";
import { readJsonlLines } from "../../../../app/sync/icml/jsonl-lines";
import { createCollectingSink, offersOf, parseIcml } from "./catalog-builders";

describe("bulk JSONL → ICML", () => {
  it("turns a Bulk Operation file into a catalog, line by line", async () => {
    // GIVEN bulk output with a two-variant product (one variant with its own image) and an unpublished one
    const jsonl = [
      { id: "gid://shopify/Product/1", title: "Shirt", handle: "shirt", vendor: "Acme", status: "ACTIVE", publishedAt: "2026-01-01T00:00:00Z", onlineStoreUrl: null, featuredMedia: { image: { url: "https://cdn.example/f.jpg" } } },
      { id: "gid://shopify/Collection/7", title: "Sale", __parentId: "gid://shopify/Product/1" },
      { id: "gid://shopify/ProductVariant/11", title: "Red", sku: "S-R", barcode: null, price: "12.5", inventoryQuantity: -2, selectedOptions: [{ name: "Color", value: "Red" }], inventoryItem: { measurement: { weight: { unit: "OUNCES", value: 8 } } }, __parentId: "gid://shopify/Product/1" },
      { id: "gid://shopify/MediaImage/5", mediaContentType: "IMAGE", image: { url: "https://cdn.example/red.jpg" }, __parentId: "gid://shopify/ProductVariant/11" },
      { id: "gid://shopify/ProductVariant/12", title: "Blue", sku: "S-B", barcode: "123", price: "12.50", inventoryQuantity: 4, selectedOptions: [{ name: "Color", value: "Blue" }], inventoryItem: null, __parentId: "gid://shopify/Product/1" },
      { id: "gid://shopify/Product/2", title: "Draft mug", handle: "draft-mug", vendor: "", status: "DRAFT", publishedAt: null, onlineStoreUrl: null, featuredMedia: null },
      { id: "gid://shopify/ProductVariant/21", title: "Default Title", sku: "", barcode: null, price: "3", inventoryQuantity: 1, selectedOptions: [{ name: "Title", value: "Default Title" }], inventoryItem: { measurement: { weight: null } }, __parentId: "gid://shopify/Product/2" },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n");
    const bytes = Buffer.from(jsonl);
    const lines = readJsonlLines(Readable.from([bytes.subarray(0, 700), bytes.subarray(700)]));
    const collected = createCollectingSink();
    // WHEN it is read and written
    const stats = await writeIcml(readBulkCatalogJsonl(lines), collected.sink, {
      shopName: "Shop",
      shopDomain: "https://shop.myshopify.com/",
      now: () => new Date("2026-05-01T00:00:00Z"),
    });
    // THEN the offers carry what the issue asks for
    const parsed = parseIcml(collected.text());
    expect(stats).toEqual({ products: 2, offers: 3, categories: 2 });
    expect(parsed.yml_catalog.shop.categories.category.map((category) => category["@_id"])).toEqual(["7", "uncategorized"]);
    const [red, blue, mug] = offersOf(parsed);
    expect(red).toMatchObject({ "@_id": "11", "@_productId": "1", "@_quantity": "0", name: "Shirt - Red", price: "12.50", picture: ["https://cdn.example/red.jpg"], weight: "0.226796", url: "https://shop.myshopify.com/products/shirt" });
    expect(blue).toMatchObject({ "@_id": "12", "@_productId": "1", "@_quantity": "4", picture: ["https://cdn.example/f.jpg"], barcode: ["123"] });
    expect(blue!.weight).toBeUndefined();
    expect(mug).toMatchObject({ "@_id": "21", name: "Draft mug", price: "3.00", categoryId: ["uncategorized"], productActivity: "N" });
    expect(mug!.param).toBeUndefined();
    expect(mug!.picture).toBeUndefined();
    expect(mug!.vendor).toBeUndefined();
  });
});

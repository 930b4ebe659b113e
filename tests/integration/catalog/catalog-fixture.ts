import type { SimProduct, SimShop } from "../../../sim/shopify/index";

const IMAGE_BASE = "https://cdn.shopify.com/s/files/1/0000/0002/files";

/** The bell character: XML 1.0 forbids it, so it must vanish from the file. */
export const CONTROL_CHAR = "\u0007";
export const TRICKY_TITLE = `Tee <Limited> & "Co" 😀 Ёж${CONTROL_CHAR}`;
export const TRICKY_TITLE_IN_XML = `Tee <Limited> & "Co" 😀 Ёж`;

/**
 * Shopify's demo shop (Cyrillic and Japanese names, four weight units, a product in no collection, draft and archived
 * products, orders with a custom line item) plus a product whose texts carry markup characters, an emoji and a control
 * character, with stock below zero and an image per variant.
 */
export function seedCatalogShop(sim: SimShop, shopify: { seedDemo(domain: string): unknown }): { tricky: SimProduct } {
  shopify.seedDemo(sim.domain);
  const deals = sim.createCollection({ title: "Sale & <Deals>", handle: "deals" });
  const tricky = sim.createProduct({
    title: TRICKY_TITLE,
    handle: "tricky-tee",
    vendor: "Fish & Chips <Ltd>",
    options: [
      { name: "Color", values: ["Red", "Blue"] },
      { name: "Размер", values: ["L"] },
    ],
    images: [{ url: `${IMAGE_BASE}/tee-red.jpg` }, { url: `${IMAGE_BASE}/tee-blue.jpg` }],
    variants: [
      { optionValues: ["Red", "L"], sku: "TEE-R-L", barcode: "4006381333931", price: "19.90", inventoryQuantity: -3, weight: 2.2, weightUnit: "POUNDS", imageIndex: 0 },
      { optionValues: ["Blue", "L"], sku: "TEE-B-L", price: "21.00", inventoryQuantity: 7, weight: 250, weightUnit: "GRAMS", imageIndex: 1 },
    ],
    collectionIds: [deals.id],
  });
  return { tricky };
}

export interface ExpectedOffer {
  externalId: string;
  productExternalId: string;
  name: string;
  productName: string;
  price: number;
  quantity: number;
  article?: string;
  barcode?: string;
  weight?: number;
  images: string[];
  categoryExternalIds: string[];
  active: boolean;
  url: string;
  vendor?: string;
}

const KILOGRAMS_PER_UNIT: Record<string, number> = { GRAMS: 0.001, KILOGRAMS: 1, OUNCES: 0.028349523125, POUNDS: 0.45359237 };

/** What the CRM should hold for each variant of the simulated shop, worked out from the store itself. */
export function expectedOffers(sim: SimShop, storefrontHost: string): ExpectedOffer[] {
  const collections = sim.collections();
  const clean = (text: string) => text.split(CONTROL_CHAR).join("");
  return sim.products().flatMap((product) => {
    const categories = collections.filter((collection) => collection.productIds.includes(product.id)).map((collection) => String(collection.id));
    const productImages = product.images.map((image) => image.url);
    return product.variants.map((variant) => {
      const image = product.images.find((candidate) => candidate.id === variant.imageId);
      const kilograms = variant.weight ? Math.round(variant.weight * (KILOGRAMS_PER_UNIT[variant.weightUnit] ?? 0) * 1e6) / 1e6 : undefined;
      return {
        externalId: String(variant.id),
        productExternalId: String(product.id),
        name: clean(product.options.length === 0 ? product.title : `${product.title} - ${variant.optionValues.join(" / ")}`),
        productName: clean(product.title),
        price: variant.priceCents / 100,
        quantity: Math.max(0, variant.inventoryQuantity),
        ...(variant.sku ? { article: variant.sku } : {}),
        ...(variant.barcode ? { barcode: variant.barcode } : {}),
        ...(kilograms ? { weight: kilograms } : {}),
        images: image ? [image.url] : productImages,
        categoryExternalIds: categories.length > 0 ? categories : ["uncategorized"],
        active: product.status === "ACTIVE" && product.publishedAt !== null,
        url: `https://${storefrontHost}/products/${product.handle}`,
        ...(product.vendor ? { vendor: clean(product.vendor) } : {}),
      };
    });
  });
}

/** Adds `products` products of `variantsPerProduct` variants each (one option), without webhooks. */
export function addManyVariants(sim: SimShop, products: number, variantsPerProduct: number): void {
  for (let index = 0; index < products; index++) {
    const sizes = Array.from({ length: variantsPerProduct }, (_, n) => `S${n + 1}`);
    sim.createProduct({
      title: `Bulk product ${index + 1}`,
      options: [{ name: "Size", values: sizes }],
      variants: sizes.map((size, n) => ({ optionValues: [size], sku: `BULK-${index + 1}-${n + 1}`, price: `${10 + n}.00`, inventoryQuantity: n % 5 })),
    });
  }
}

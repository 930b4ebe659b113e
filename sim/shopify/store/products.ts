import { buildIdOnlyPayload, buildProductPayload } from "../webhooks/payloads";
import { formatRestMoney, parseMoneyToCents } from "./money";
import { handleize, normalizeTags, sortTags } from "./normalize";
import { fail, succeed, type SimResult, type SimShopContext } from "./shop-state";
import type { SimCollection, SimProduct, SimProductStatus, SimVariant, SimWeightUnit } from "./types";

export interface SimVariantInput {
  /** One value per product option, in option order; omitted for a product without options. */
  optionValues?: string[];
  sku?: string | null;
  barcode?: string | null;
  price: string;
  compareAtPrice?: string | null;
  inventoryQuantity?: number;
  tracked?: boolean;
  inventoryPolicy?: "CONTINUE" | "DENY";
  weight?: number | null;
  weightUnit?: SimWeightUnit;
  taxable?: boolean;
  requiresShipping?: boolean;
  /** Index into the product's `images`. */
  imageIndex?: number;
}

export interface SimProductInput {
  title: string;
  handle?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  status?: SimProductStatus;
  tags?: string[];
  options?: { name: string; values: string[] }[];
  images?: { url: string; altText?: string | null; width?: number; height?: number }[];
  /** Defaults to one "Default Title" variant priced 0. */
  variants?: SimVariantInput[];
  collectionIds?: number[];
  templateSuffix?: string | null;
}

export type SimProductUpdate = Partial<SimProductInput>;

function uniqueHandle(ctx: SimShopContext, wanted: string, selfId: number): string {
  const taken = new Set([...ctx.state.products.values()].filter((p) => p.id !== selfId).map((p) => p.handle));
  let handle = wanted;
  for (let suffix = 1; taken.has(handle); suffix += 1) handle = `${wanted}-${suffix}`;
  return handle;
}

function buildVariants(ctx: SimShopContext, product: SimProduct, inputs: SimVariantInput[], now: number): SimResult<SimVariant[]> {
  const optionCount = product.options.length;
  const variants: SimVariant[] = [];
  for (const [index, input] of inputs.entries()) {
    const optionValues = optionCount === 0 ? ["Default Title"] : (input.optionValues ?? []);
    if (optionCount > 0 && optionValues.length !== optionCount) {
      return fail({ field: ["variants", String(index), "optionValues"], message: `Variant needs ${optionCount} option values` });
    }
    const existing = product.variants.find((variant) => variant.optionValues.join("/") === optionValues.join("/"));
    const image = input.imageIndex === undefined ? undefined : product.images[input.imageIndex];
    variants.push({
      id: existing?.id ?? ctx.nextId(),
      productId: product.id,
      title: optionValues.join(" / "),
      sku: input.sku ?? null,
      barcode: input.barcode ?? null,
      priceCents: parseMoneyToCents(input.price),
      compareAtPriceCents: input.compareAtPrice ? parseMoneyToCents(input.compareAtPrice) : null,
      position: index + 1,
      optionValues,
      inventoryItemId: existing?.inventoryItemId ?? ctx.nextId(),
      inventoryQuantity: input.inventoryQuantity ?? existing?.inventoryQuantity ?? 0,
      tracked: input.tracked ?? true,
      inventoryPolicy: input.inventoryPolicy ?? "DENY",
      weight: input.weight ?? null,
      weightUnit: input.weightUnit ?? ctx.state.info.weightUnit,
      taxable: input.taxable ?? true,
      requiresShipping: input.requiresShipping ?? true,
      imageId: image?.id ?? null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: existing ? ctx.stamp(existing.updatedAt) : now,
    });
  }
  return succeed(variants);
}

function applyProductInput(ctx: SimShopContext, product: SimProduct, input: SimProductUpdate, now: number): SimResult<SimProduct> {
  if (input.title !== undefined) {
    if (input.title.trim() === "") return fail({ field: ["title"], message: "Title can't be blank" });
    product.title = input.title;
  }
  if (input.handle !== undefined) product.handle = uniqueHandle(ctx, handleize(input.handle), product.id);
  if (input.descriptionHtml !== undefined) product.descriptionHtml = input.descriptionHtml;
  if (input.vendor !== undefined) product.vendor = input.vendor;
  if (input.productType !== undefined) product.productType = input.productType;
  if (input.templateSuffix !== undefined) product.templateSuffix = input.templateSuffix;
  if (input.tags !== undefined) product.tags = sortTags(normalizeTags(input.tags));
  if (input.status !== undefined) {
    product.status = input.status;
    if (input.status === "ACTIVE" && product.publishedAt === null) product.publishedAt = now;
    if (input.status !== "ACTIVE") product.publishedAt = null;
  }
  if (input.images !== undefined) {
    product.images = input.images.map((image) => ({
      id: ctx.nextId(),
      url: image.url,
      altText: image.altText ?? null,
      width: image.width ?? 1024,
      height: image.height ?? 1024,
    }));
  }
  if (input.options !== undefined) {
    product.options = input.options.map((option, index) => ({
      id: product.options[index]?.id ?? ctx.nextId(),
      name: option.name,
      position: index + 1,
      values: option.values,
    }));
  }
  if (input.variants !== undefined || input.options !== undefined || input.images !== undefined) {
    const variantInputs =
      input.variants ??
      product.variants.map((variant) => ({
        optionValues: product.options.length === 0 ? undefined : variant.optionValues,
        sku: variant.sku,
        barcode: variant.barcode,
        price: formatRestMoney(variant.priceCents),
        compareAtPrice: variant.compareAtPriceCents === null ? null : formatRestMoney(variant.compareAtPriceCents),
        inventoryQuantity: variant.inventoryQuantity,
        tracked: variant.tracked,
        inventoryPolicy: variant.inventoryPolicy,
        weight: variant.weight,
        weightUnit: variant.weightUnit,
        taxable: variant.taxable,
        requiresShipping: variant.requiresShipping,
      }));
    const variants = buildVariants(ctx, product, variantInputs.length > 0 ? variantInputs : [{ price: "0.00" }], now);
    if (!variants.ok) return variants;
    product.variants = variants.value;
  }
  if (input.collectionIds !== undefined) {
    for (const collection of ctx.state.collections.values()) {
      const wanted = input.collectionIds.includes(collection.id);
      const present = collection.productIds.includes(product.id);
      if (wanted && !present) collection.productIds.push(product.id);
      if (!wanted && present) collection.productIds = collection.productIds.filter((id) => id !== product.id);
    }
  }
  return succeed(product);
}

export function createProduct(ctx: SimShopContext, input: SimProductInput): SimResult<SimProduct> {
  const now = ctx.stamp();
  const id = ctx.nextId();
  const status = input.status ?? "ACTIVE";
  const product: SimProduct = {
    id,
    title: input.title,
    handle: uniqueHandle(ctx, handleize(input.handle ?? input.title), id),
    descriptionHtml: "",
    vendor: ctx.state.info.name,
    productType: "",
    status,
    tags: [],
    options: [],
    images: [],
    variants: [],
    templateSuffix: null,
    publishedAt: status === "ACTIVE" ? now : null,
    createdAt: now,
    updatedAt: now,
  };
  const unknownCollection = (input.collectionIds ?? []).find((collectionId) => !ctx.state.collections.has(collectionId));
  if (unknownCollection !== undefined) return fail({ field: ["collectionIds"], message: `Collection ${unknownCollection} does not exist` });
  const applied = applyProductInput(ctx, product, { ...input, variants: input.variants ?? [] }, now);
  if (!applied.ok) return applied;
  ctx.state.products.set(id, product);
  ctx.emit("products/create", buildProductPayload(ctx.state, product));
  return succeed(product);
}

export function updateProduct(ctx: SimShopContext, id: number, update: SimProductUpdate): SimResult<SimProduct> {
  const current = ctx.state.products.get(id);
  if (!current) return fail({ field: ["id"], message: "Product does not exist" });
  const draft = structuredClone(current);
  const before = JSON.stringify(current);
  const applied = applyProductInput(ctx, draft, update, ctx.stamp());
  if (!applied.ok) return applied;
  if (JSON.stringify(draft) === before) return succeed(current);
  draft.updatedAt = ctx.stamp(current.updatedAt);
  ctx.state.products.set(id, draft);
  ctx.emit("products/update", buildProductPayload(ctx.state, draft));
  return succeed(draft);
}

export function changeProductTags(ctx: SimShopContext, id: number, tags: string[], change: "add" | "remove"): SimResult<SimProduct> {
  const product = ctx.state.products.get(id);
  if (!product) return fail({ field: ["id"], message: "Product does not exist" });
  const removing = new Set(normalizeTags(tags).map((tag) => tag.toLowerCase()));
  const next = change === "add" ? [...product.tags, ...tags] : product.tags.filter((tag) => !removing.has(tag.toLowerCase()));
  return updateProduct(ctx, id, { tags: next });
}

export function deleteProduct(ctx: SimShopContext, id: number): SimResult<number> {
  if (!ctx.state.products.delete(id)) return fail({ field: ["id"], message: "Product does not exist" });
  for (const collection of ctx.state.collections.values()) {
    collection.productIds = collection.productIds.filter((productId) => productId !== id);
  }
  ctx.emit("products/delete", buildIdOnlyPayload(id));
  return succeed(id);
}

export function setInventoryQuantity(ctx: SimShopContext, variantId: number, quantity: number): SimResult<SimVariant> {
  for (const product of ctx.state.products.values()) {
    const variant = product.variants.find((item) => item.id === variantId);
    if (!variant) continue;
    variant.inventoryQuantity = quantity;
    variant.updatedAt = ctx.stamp(variant.updatedAt);
    return succeed(variant);
  }
  return fail({ field: ["variantId"], message: `Variant ${variantId} does not exist` });
}

export function createCollection(
  ctx: SimShopContext,
  input: { title: string; handle?: string; descriptionHtml?: string; productIds?: number[] },
): SimResult<SimCollection> {
  const collection: SimCollection = {
    id: ctx.nextId(),
    title: input.title,
    handle: handleize(input.handle ?? input.title),
    descriptionHtml: input.descriptionHtml ?? "",
    productIds: [...(input.productIds ?? [])],
    updatedAt: ctx.stamp(),
  };
  ctx.state.collections.set(collection.id, collection);
  return succeed(collection);
}

import { ARTICLE_PARAM_CODE, assignParamCodes } from "./param-code";
import {
  convertWeightToKilograms,
  formatPrice,
  toNumericShopifyId,
  toOfferQuantity,
} from "./offer-values";
import type {
  ShopifyCatalogMedia,
  ShopifyCatalogProduct,
  ShopifyCatalogSelectedOption,
  ShopifyCatalogVariant,
} from "./types";

export const MAX_PICTURES_PER_OFFER = 10;
export const FALLBACK_CATEGORY_ID = "uncategorized";

const DEFAULT_VARIANT_TITLE = "Default Title";
const ACTIVE_PRODUCT_STATUS = "ACTIVE";

export interface IcmlParam {
  name: string;
  code: string;
  value: string;
}

/** One ICML `<offer>`: a Shopify variant with what it inherits from its product. */
export interface IcmlOffer {
  id: string;
  productId: string;
  quantity: number;
  url: string;
  price: string | null;
  categoryIds: string[];
  pictures: string[];
  name: string;
  productName: string;
  params: IcmlParam[];
  vendor: string | null;
  weightKg: string | null;
  barcode: string | null;
  productActive: boolean;
}

export interface IcmlOfferContext {
  /** Host for product links without `onlineStoreUrl`, e.g. `my-shop.myshopify.com`. */
  shopDomain: string;
}

export function mapProductToIcmlOffers(product: ShopifyCatalogProduct, context: IcmlOfferContext): IcmlOffer[] {
  const productId = toNumericShopifyId(product.id);
  const collectionIds = product.collections.nodes.map((collection) => toNumericShopifyId(collection.id));
  const categoryIds = collectionIds.length > 0 ? collectionIds : [FALLBACK_CATEGORY_ID];
  const url = product.onlineStoreUrl || buildProductUrl(context.shopDomain, product.handle);
  const vendor = nonEmpty(product.vendor);
  const productActive = product.status === ACTIVE_PRODUCT_STATUS && Boolean(product.publishedAt);
  const productPictures = collectImageUrls([product.featuredMedia, ...(product.media?.nodes ?? [])]);
  const paramCodes = new ParamCodeCache();

  return product.variants.nodes.map((variant): IcmlOffer => {
    const options = variant.selectedOptions.filter(isRealOption);
    const variantPictures = variant.media ? collectImageUrls(variant.media.nodes) : [];
    const weight = variant.inventoryItem?.measurement?.weight;
    return {
      id: toNumericShopifyId(variant.id),
      productId,
      quantity: toOfferQuantity(variant.inventoryQuantity),
      url,
      price: formatPrice(variant.price),
      categoryIds,
      pictures: variantPictures.length > 0 ? variantPictures : productPictures,
      name: buildOfferName(product.title, variant, options),
      productName: product.title,
      params: buildParams(variant.sku, options, paramCodes),
      vendor,
      weightKg: weight ? convertWeightToKilograms(weight.value, weight.unit) : null,
      barcode: nonEmpty(variant.barcode),
      productActive,
    };
  });
}

/** `T-shirt - Red / L`; just the product title for a product's only "Default Title" variant. */
export function buildOfferName(
  productTitle: string,
  variant: Pick<ShopifyCatalogVariant, "title" | "selectedOptions">,
  realOptions: ShopifyCatalogSelectedOption[] = variant.selectedOptions.filter(isRealOption),
): string {
  if (realOptions.length > 0) return `${productTitle} - ${realOptions.map((option) => option.value).join(" / ")}`;
  const variantTitle = variant.title.trim();
  if (variantTitle === "" || variantTitle === DEFAULT_VARIANT_TITLE) return productTitle;
  return `${productTitle} - ${variantTitle}`;
}

function isRealOption(option: ShopifyCatalogSelectedOption): boolean {
  return option.value.trim() !== "" && option.value !== DEFAULT_VARIANT_TITLE;
}

function buildParams(
  sku: string | null | undefined,
  options: ShopifyCatalogSelectedOption[],
  paramCodes: ParamCodeCache,
): IcmlParam[] {
  const params: IcmlParam[] = [];
  const article = nonEmpty(sku);
  if (article !== null) params.push({ name: "Article", code: ARTICLE_PARAM_CODE, value: article });
  const codes = paramCodes.codesFor(options);
  options.forEach((option, index) => {
    params.push({ name: option.name, code: codes[index] ?? `option_${index + 1}`, value: option.value });
  });
  return params;
}

/** Variants of one product share option names, so their codes are worked out once per product. */
class ParamCodeCache {
  private key = "";
  private codes: string[] = [];

  codesFor(options: ShopifyCatalogSelectedOption[]): string[] {
    const names = options.map((option) => option.name);
    const key = names.join("\u0000");
    if (key !== this.key || this.codes.length !== names.length) {
      this.key = key;
      this.codes = assignParamCodes(names);
    }
    return this.codes;
  }
}

function collectImageUrls(media: ReadonlyArray<ShopifyCatalogMedia | null | undefined>): string[] {
  const urls: string[] = [];
  for (const item of media) {
    const url = item?.image?.url;
    if (url && !urls.includes(url)) urls.push(url);
    if (urls.length === MAX_PICTURES_PER_OFFER) break;
  }
  return urls;
}

function buildProductUrl(shopDomain: string, handle: string): string {
  return `https://${shopDomain}/products/${encodeURIComponent(handle)}`;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value != null && value.trim() !== "" ? value : null;
}

import { formatCrmDateTime } from "../dates";
import { allocateId, type CrmSimState } from "../state";
import type { CrmCatalogOffer, CrmCatalogProduct, CrmStoredCatalog } from "./catalog-types";
import type { CrmParsedIcml } from "./icml-parser";

export interface CrmOfferRef {
  id?: number;
  externalId?: string;
  xmlId?: string;
}

/**
 * Replaces the site's catalog with a parsed ICML file. Ids stay stable across
 * loads; offers and products missing from the new file are kept as inactive.
 */
export function applyCatalog(state: CrmSimState, site: string, parsed: CrmParsedIcml, url: string, now: Date): CrmStoredCatalog {
  const previous = state.catalogs.get(site);
  const stamp = formatCrmDateTime(now);
  const offers: CrmCatalogOffer[] = parsed.offers.map((offer) => ({
    id: stableId(state, "offers", site, offer.externalId),
    externalId: offer.externalId,
    xmlId: offer.xmlId,
    productExternalId: offer.productExternalId,
    name: offer.name,
    productName: offer.productName,
    price: offer.price,
    purchasePrice: offer.purchasePrice,
    quantity: offer.quantity,
    article: offer.article,
    properties: offer.properties,
    vatRate: offer.vatRate,
    weight: offer.weight,
    length: offer.dimensions?.length,
    width: offer.dimensions?.width,
    height: offer.dimensions?.height,
    barcode: offer.barcode,
    unit: offer.unit,
    images: offer.images,
    url: offer.url,
    vendor: offer.vendor,
    type: offer.type,
    categoryExternalIds: offer.categoryExternalIds,
    active: offer.offerActive && offer.productActive,
  }));
  const products = new Map<string, CrmCatalogProduct>();
  for (const offer of parsed.offers) {
    const product = products.get(offer.productExternalId);
    if (product) {
      product.offerExternalIds.push(offer.externalId);
      product.active ||= offer.productActive;
      continue;
    }
    products.set(offer.productExternalId, {
      id: stableId(state, "products", site, offer.productExternalId),
      externalId: offer.productExternalId,
      name: offer.productName,
      url: offer.url,
      imageUrl: offer.images[0],
      manufacturer: offer.vendor,
      type: offer.type,
      active: offer.productActive,
      categoryExternalIds: offer.categoryExternalIds,
      offerExternalIds: [offer.externalId],
      updatedAt: stamp,
    });
  }
  const loadedOfferIds = new Set(offers.map((offer) => offer.externalId));
  const loadedProductIds = new Set(products.keys());
  const retiredOffers = (previous?.offers ?? [])
    .filter((offer) => !loadedOfferIds.has(offer.externalId))
    .map((offer) => ({ ...offer, active: false }));
  const retiredProducts = (previous?.products ?? [])
    .filter((product) => !loadedProductIds.has(product.externalId))
    .map((product) => ({ ...product, active: false }));

  const catalog: CrmStoredCatalog = {
    site,
    url,
    loadedAt: stamp,
    generatedAt: parsed.generatedAt,
    shopName: parsed.shopName,
    categories: parsed.categories.map((category) => ({
      id: stableId(state, "categories", site, category.externalId),
      ...category,
    })),
    products: [...products.values(), ...retiredProducts],
    offers: [...offers, ...retiredOffers],
  };
  state.catalogs.set(site, catalog);
  return catalog;
}

function stableId(state: CrmSimState, kind: "offers" | "products" | "categories", site: string, externalId: string): number {
  const key = `${site}|${externalId}`;
  const known = state.catalogIds[kind].get(key);
  if (known !== undefined) return known;
  const sequence = kind === "offers" ? "offer" : kind === "products" ? "product" : "category";
  const id = allocateId(state, sequence);
  state.catalogIds[kind].set(key, id);
  return id;
}

export function findCatalogOffer(state: CrmSimState, site: string, ref: CrmOfferRef): CrmCatalogOffer | undefined {
  const offers = state.catalogs.get(site)?.offers ?? [];
  if (ref.id !== undefined) return offers.find((offer) => offer.id === ref.id);
  if (ref.externalId !== undefined) return offers.find((offer) => offer.externalId === ref.externalId);
  if (ref.xmlId !== undefined) return offers.find((offer) => offer.xmlId === ref.xmlId);
  return undefined;
}

export function renderCatalogOffer(
  state: CrmSimState,
  catalog: CrmStoredCatalog,
  offer: CrmCatalogOffer,
  withProduct: boolean,
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    id: offer.id,
    externalId: offer.externalId,
    ...(offer.xmlId !== undefined ? { xmlId: offer.xmlId } : {}),
    name: offer.name,
    ...(offer.article !== undefined ? { article: offer.article } : {}),
    ...(offer.price !== undefined ? { price: offer.price } : {}),
    prices: offer.price !== undefined ? [{ priceType: "base", price: offer.price, ordering: 1 }] : [],
    ...(offer.purchasePrice !== undefined ? { purchasePrice: offer.purchasePrice } : {}),
    ...(offer.vatRate !== undefined ? { vatRate: offer.vatRate } : {}),
    properties: Object.keys(offer.properties).length > 0 ? { ...offer.properties } : [],
    quantity: offer.quantity,
    ...(offer.weight !== undefined ? { weight: offer.weight } : {}),
    ...(offer.length !== undefined ? { length: offer.length, width: offer.width, height: offer.height } : {}),
    active: offer.active,
    unit: offer.unit ?? { code: "pcs", name: "Piece", sym: "pcs" },
    ...(offer.barcode !== undefined ? { barcode: offer.barcode } : {}),
    images: [...offer.images],
    site: catalog.site,
  };
  if (withProduct) {
    const product = catalog.products.find((candidate) => candidate.externalId === offer.productExternalId);
    if (product) rendered.product = renderCatalogProduct(state, catalog, product, false);
  }
  return rendered;
}

export function renderCatalogProduct(
  state: CrmSimState,
  catalog: CrmStoredCatalog,
  product: CrmCatalogProduct,
  withOffers: boolean,
): Record<string, unknown> {
  const offers = catalog.offers.filter((offer) => offer.productExternalId === product.externalId);
  const prices = offers.map((offer) => offer.price).filter((price): price is number => price !== undefined);
  const rendered: Record<string, unknown> = {
    id: product.id,
    externalId: product.externalId,
    name: product.name,
    ...(product.url !== undefined ? { url: product.url } : {}),
    ...(product.imageUrl !== undefined ? { imageUrl: product.imageUrl } : {}),
    ...(product.manufacturer !== undefined ? { manufacturer: product.manufacturer } : {}),
    active: product.active,
    type: product.type,
    quantity: offers.reduce((sum, offer) => sum + offer.quantity, 0),
    minPrice: prices.length > 0 ? Math.min(...prices) : 0,
    maxPrice: prices.length > 0 ? Math.max(...prices) : 0,
    groups: product.categoryExternalIds.map((externalId) => ({
      id: state.catalogIds.categories.get(`${catalog.site}|${externalId}`),
      externalId,
    })),
    markable: false,
    updatedAt: product.updatedAt,
    catalogId: state.sites.get(catalog.site)?.catalogId,
  };
  if (withOffers) rendered.offers = offers.map((offer) => renderCatalogOffer(state, catalog, offer, false));
  return rendered;
}

import { respondOk, type CrmApiContext, type CrmApiRoute } from "../api-context";
import { listReachableSites } from "../auth";
import { renderCatalogOffer, renderCatalogProduct } from "../catalog/catalog-store";
import type { CrmStoredCatalog } from "../catalog/catalog-types";
import { CRM_STORE_PAGE_LIMITS, paginate, readPageRequest } from "../pagination";
import { readParamList, readParamObject, readParamString, type CrmParams } from "../request-params";

function listVisibleCatalogs(ctx: CrmApiContext, filter: CrmParams): CrmStoredCatalog[] {
  const requested = readParamList(filter.sites);
  return listReachableSites(ctx.state, ctx.key)
    .filter((site) => requested.length === 0 || requested.includes(site))
    .map((site) => ctx.state.catalogs.get(site))
    .filter((catalog): catalog is CrmStoredCatalog => catalog !== undefined);
}

function readActiveFilter(filter: CrmParams): boolean | undefined {
  const active = readParamString(filter, "active");
  return active === undefined || active === "" ? undefined : active === "1" || active === "true";
}

function listOffers(ctx: CrmApiContext) {
  const filter = readParamObject(ctx.params, "filter");
  const page = readPageRequest(ctx.params, CRM_STORE_PAGE_LIMITS);
  const ids = readParamList(filter.ids).map(Number);
  const externalIds = readParamList(filter.externalIds);
  const xmlIds = readParamList(filter.xmlIds);
  const active = readActiveFilter(filter);
  const name = readParamString(filter, "name")?.toLowerCase();
  const rows = listVisibleCatalogs(ctx, filter).flatMap((catalog) =>
    catalog.offers
      .filter((offer) => ids.length === 0 || ids.includes(offer.id))
      .filter((offer) => externalIds.length === 0 || externalIds.includes(offer.externalId))
      .filter((offer) => xmlIds.length === 0 || (offer.xmlId !== undefined && xmlIds.includes(offer.xmlId)))
      .filter((offer) => active === undefined || offer.active === active)
      .filter((offer) => !name || offer.name.toLowerCase().includes(name))
      .map((offer) => ({ catalog, offer })),
  );
  const { slice, pagination } = paginate(rows, page);
  return respondOk({ pagination, offers: slice.map(({ catalog, offer }) => renderCatalogOffer(ctx.state, catalog, offer, true)) });
}

function listProducts(ctx: CrmApiContext) {
  const filter = readParamObject(ctx.params, "filter");
  const page = readPageRequest(ctx.params, CRM_STORE_PAGE_LIMITS);
  const ids = readParamList(filter.ids).map(Number);
  const externalIds = [...readParamList(filter.externalId), ...readParamList(filter.externalIds)];
  const offerExternalIds = readParamList(filter.offerExternalId);
  const active = readActiveFilter(filter);
  const name = readParamString(filter, "name")?.toLowerCase();
  const rows = listVisibleCatalogs(ctx, filter).flatMap((catalog) =>
    catalog.products
      .filter((product) => ids.length === 0 || ids.includes(product.id))
      .filter((product) => externalIds.length === 0 || externalIds.includes(product.externalId))
      .filter((product) => offerExternalIds.length === 0 || product.offerExternalIds.some((id) => offerExternalIds.includes(id)))
      .filter((product) => active === undefined || product.active === active)
      .filter((product) => !name || product.name.toLowerCase().includes(name))
      .map((product) => ({ catalog, product })),
  );
  const { slice, pagination } = paginate(rows, page);
  return respondOk({
    pagination,
    products: slice.map(({ catalog, product }) => renderCatalogProduct(ctx.state, catalog, product, true)),
  });
}

export const storeRoutes: CrmApiRoute[] = [
  { method: "GET", path: "/api/v5/store/offers", scope: "store_read", handle: listOffers },
  { method: "GET", path: "/api/v5/store/products", scope: "store_read", handle: listProducts },
];

export interface CrmCatalogCategory {
  id: number;
  externalId: string;
  name: string;
  parentExternalId?: string;
}

export interface CrmCatalogOffer {
  id: number;
  /** ICML `offer@id`. */
  externalId: string;
  xmlId?: string;
  /** ICML `offer@productId`. */
  productExternalId: string;
  name: string;
  productName: string;
  price?: number;
  purchasePrice?: number;
  quantity: number;
  article?: string;
  properties: Record<string, string>;
  vatRate?: string;
  weight?: number;
  length?: number;
  width?: number;
  height?: number;
  barcode?: string;
  unit?: { code: string; name: string; sym: string };
  images: string[];
  url?: string;
  vendor?: string;
  type: "product" | "service";
  categoryExternalIds: string[];
  active: boolean;
}

export interface CrmCatalogProduct {
  id: number;
  externalId: string;
  name: string;
  url?: string;
  imageUrl?: string;
  manufacturer?: string;
  type: "product" | "service";
  active: boolean;
  categoryExternalIds: string[];
  offerExternalIds: string[];
  updatedAt: string;
}

export interface CrmStoredCatalog {
  site: string;
  url: string;
  loadedAt: string;
  /** `yml_catalog@date` of the file. */
  generatedAt?: string;
  shopName?: string;
  categories: CrmCatalogCategory[];
  products: CrmCatalogProduct[];
  /** Offers missing from a later file stay with `active: false`. */
  offers: CrmCatalogOffer[];
}

export interface CrmCatalogLoad {
  site: string;
  url: string | null;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  /** Why the load was rejected; the previous catalog stays. */
  error?: string;
  problems: string[];
  counts?: { categories: number; products: number; offers: number };
}

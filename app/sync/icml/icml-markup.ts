import { formatCatalogDate } from "./offer-values";
import type { IcmlOffer } from "./offer";
import { escapeXmlAttribute as attr, escapeXmlText as text } from "./xml-escape";

export interface IcmlCategory {
  id: string;
  name: string;
}

export interface IcmlHeader {
  date: Date;
  shopName: string;
  company?: string;
  categories: Iterable<IcmlCategory>;
}

export const ICML_FOOTER = "</offers>\n</shop>\n</yml_catalog>\n";

/** Everything before the first offer: declaration, catalog date, shop, categories, `<offers>`. */
export function renderIcmlHeader(header: IcmlHeader): string {
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="${formatCatalogDate(header.date)}">\n<shop>\n`;
  xml += `<name>${text(header.shopName)}</name>\n`;
  if (header.company) xml += `<company>${text(header.company)}</company>\n`;
  xml += "<categories>\n";
  for (const category of header.categories) {
    xml += `<category id="${attr(category.id)}">${text(category.name)}</category>\n`;
  }
  return xml + "</categories>\n<offers>\n";
}

/** Ids, price, quantity and weight are digits we produced ourselves, so only free text is escaped. */
export function renderIcmlOffer(offer: IcmlOffer): string {
  let xml = `<offer id="${offer.id}" productId="${offer.productId}" quantity="${offer.quantity}" type="product">\n`;
  xml += `<url>${text(offer.url)}</url>\n`;
  if (offer.price !== null) xml += `<price>${offer.price}</price>\n`;
  for (const categoryId of offer.categoryIds) xml += `<categoryId>${categoryId}</categoryId>\n`;
  for (const picture of offer.pictures) xml += `<picture>${text(picture)}</picture>\n`;
  xml += `<name>${text(offer.name)}</name>\n`;
  xml += `<productName>${text(offer.productName)}</productName>\n`;
  for (const param of offer.params) {
    xml += `<param name="${attr(param.name)}" code="${attr(param.code)}">${text(param.value)}</param>\n`;
  }
  if (offer.vendor !== null) xml += `<vendor>${text(offer.vendor)}</vendor>\n`;
  if (offer.weightKg !== null) xml += `<weight>${offer.weightKg}</weight>\n`;
  if (offer.barcode !== null) xml += `<barcode>${text(offer.barcode)}</barcode>\n`;
  xml += `<productActivity>${offer.productActive ? "Y" : "N"}</productActivity>\n`;
  return xml + "</offer>\n";
}

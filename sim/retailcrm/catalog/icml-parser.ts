import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface CrmParsedCategory {
  externalId: string;
  name: string;
  parentExternalId?: string;
}

export interface CrmParsedOffer {
  externalId: string;
  productExternalId: string;
  name: string;
  productName: string;
  xmlId?: string;
  price?: number;
  purchasePrice?: number;
  quantity: number;
  article?: string;
  properties: Record<string, string>;
  vatRate?: string;
  weight?: number;
  dimensions?: { length: number; width: number; height: number };
  barcode?: string;
  unit?: { code: string; name: string; sym: string };
  images: string[];
  url?: string;
  vendor?: string;
  type: "product" | "service";
  categoryExternalIds: string[];
  productActive: boolean;
  offerActive: boolean;
}

export interface CrmParsedIcml {
  generatedAt?: string;
  shopName?: string;
  categories: CrmParsedCategory[];
  offers: CrmParsedOffer[];
}

export type CrmIcmlParseResult = { ok: true; catalog: CrmParsedIcml } | { ok: false; problems: string[] };

type XmlNode = Record<string, unknown>;

const MAX_PROBLEMS = 20;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/**
 * Parses an ICML file and checks the structure a CRM needs before it imports
 * anything: `yml_catalog > shop > categories + offers`, unique category and offer
 * ids, every offer with id, productId and name, and every categoryId/parentId
 * pointing at a category in the file. Any problem rejects the whole file.
 */
export function parseIcml(xml: string): CrmIcmlParseResult {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    return { ok: false, problems: [`The file is not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line}).`] };
  }
  const document = parser.parse(xml) as XmlNode;
  const root = document.yml_catalog;
  if (!isNode(root)) return { ok: false, problems: ["The root element must be <yml_catalog>."] };
  const shop = root.shop;
  if (!isNode(shop)) return { ok: false, problems: ["<yml_catalog> must contain <shop>."] };

  const problems: string[] = [];
  if (shop.categories === undefined) problems.push("<shop> must contain <categories>.");
  if (shop.offers === undefined) problems.push("<shop> must contain <offers>.");
  if (problems.length > 0) return { ok: false, problems };

  const categories = readCategories(shop.categories, problems);
  const categoryIds = new Set(categories.map((category) => category.externalId));
  for (const category of categories) {
    if (category.parentExternalId !== undefined && !categoryIds.has(category.parentExternalId)) {
      problems.push(`Category ${category.externalId}: parentId ${category.parentExternalId} is not a category in this file.`);
    }
  }
  const offers = readOffers(shop.offers, categoryIds, problems);
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };

  return {
    ok: true,
    catalog: {
      generatedAt: readAttribute(root, "date"),
      shopName: readText(shop.name),
      categories,
      offers,
    },
  };
}

function readCategories(container: unknown, problems: string[]): CrmParsedCategory[] {
  const seen = new Set<string>();
  const categories: CrmParsedCategory[] = [];
  toArray(isNode(container) ? container.category : undefined).forEach((node, index) => {
    const externalId = readAttribute(node, "id");
    const label = externalId ? `Category ${externalId}` : `Category #${index + 1}`;
    if (!externalId) {
      problems.push(`${label} has no id attribute.`);
      return;
    }
    if (seen.has(externalId)) problems.push(`${label} appears more than once.`);
    seen.add(externalId);
    const name = readText(node) ?? (isNode(node) ? readText(node.name) : undefined);
    if (!name) problems.push(`${label} has no name.`);
    const parentExternalId = readAttribute(node, "parentId");
    categories.push({ externalId, name: name ?? "", ...(parentExternalId ? { parentExternalId } : {}) });
  });
  return categories;
}

function readOffers(container: unknown, categoryIds: Set<string>, problems: string[]): CrmParsedOffer[] {
  const seen = new Set<string>();
  const offers: CrmParsedOffer[] = [];
  toArray(isNode(container) ? container.offer : undefined).forEach((raw, index) => {
    const node: XmlNode = isNode(raw) ? raw : {};
    const externalId = readAttribute(node, "id");
    const label = externalId ? `Offer ${externalId}` : `Offer #${index + 1}`;
    const productExternalId = readAttribute(node, "productId");
    const name = readText(node.name);
    const offerProblems: string[] = [];
    if (!externalId) offerProblems.push(`${label} has no id attribute.`);
    if (!productExternalId) offerProblems.push(`${label} has no productId attribute.`);
    if (!name) offerProblems.push(`${label} has no <name>.`);
    if (externalId && seen.has(externalId)) offerProblems.push(`${label} appears more than once.`);
    if (externalId) seen.add(externalId);

    const categoryExternalIds = toArray(node.categoryId).map(readText).filter((id): id is string => !!id);
    for (const categoryId of categoryExternalIds) {
      if (!categoryIds.has(categoryId)) offerProblems.push(`${label}: categoryId ${categoryId} is not a category in this file.`);
    }
    const price = readNumber(node.price, `${label}: <price>`, offerProblems);
    const purchasePrice = readNumber(node.purchasePrice, `${label}: <purchasePrice>`, offerProblems);
    const quantityText = readAttribute(node, "quantity");
    const quantity = quantityText === undefined ? 0 : Number(quantityText);
    if (Number.isNaN(quantity)) offerProblems.push(`${label}: quantity "${quantityText}" is not a number.`);
    const weight = readNumber(node.weight, `${label}: <weight>`, offerProblems);
    const dimensions = readDimensions(node.dimensions, label, offerProblems);
    problems.push(...offerProblems);
    if (offerProblems.length > 0 || !externalId || !productExternalId || !name) return;

    const params = toArray(node.param).filter(isNode);
    const properties: Record<string, string> = {};
    let article: string | undefined;
    for (const param of params) {
      const code = readAttribute(param, "code") ?? readAttribute(param, "name");
      const value = readText(param);
      if (!code || value === undefined) continue;
      if (code === "article") article = value;
      else properties[code] = value;
    }
    const unitNode = isNode(node.unit) ? node.unit : undefined;
    const type = readAttribute(node, "type") === "service" ? "service" : "product";
    offers.push({
      externalId,
      productExternalId,
      name,
      productName: readText(node.productName) ?? name,
      xmlId: readText(node.xmlId),
      price,
      purchasePrice,
      quantity,
      article,
      properties,
      vatRate: readText(node.vatRate),
      weight,
      dimensions,
      barcode: readText(toArray(node.barcode)[0]),
      unit: unitNode
        ? {
            code: readAttribute(unitNode, "code") ?? "pcs",
            name: readAttribute(unitNode, "name") ?? "",
            sym: readAttribute(unitNode, "sym") ?? "",
          }
        : undefined,
      images: toArray(node.picture).map(readText).filter((url): url is string => !!url),
      url: readText(node.url),
      vendor: readText(node.vendor),
      type,
      categoryExternalIds,
      productActive: readText(node.productActivity) !== "N",
      offerActive: readText(node.activity) !== "N",
    });
  });
  return offers;
}

function readDimensions(value: unknown, label: string, problems: string[]): CrmParsedOffer["dimensions"] {
  const text = readText(value);
  if (text === undefined) return undefined;
  const parts = text.split("/").map(Number);
  if (parts.length !== 3 || parts.some((part) => Number.isNaN(part))) {
    problems.push(`${label}: <dimensions> must be "length/width/height", got "${text}".`);
    return undefined;
  }
  const [length, width, height] = parts as [number, number, number];
  return { length, width, height };
}

function readNumber(value: unknown, label: string, problems: string[]): number | undefined {
  const text = readText(value);
  if (text === undefined) return undefined;
  const number = Number(text);
  if (Number.isNaN(number)) {
    problems.push(`${label} "${text}" is not a number.`);
    return undefined;
  }
  return number;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toArray(value: unknown): unknown[] {
  if (value === undefined || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

function readText(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number") return String(value);
  if (isNode(value)) return readText(value["#text"]);
  return undefined;
}

function readAttribute(node: unknown, name: string): string | undefined {
  if (!isNode(node)) return undefined;
  const value = node[`@_${name}`];
  return typeof value === "string" && value !== "" ? value : undefined;
}

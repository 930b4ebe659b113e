import type { SimShopActions } from "./shop-actions";
import type { SimCollection, SimCustomer, SimOrder, SimProduct } from "./store/types";

export interface SimDemoSeed {
  customers: SimCustomer[];
  products: SimProduct[];
  collections: SimCollection[];
  orders: SimOrder[];
}

const IMAGE_BASE = "https://cdn.shopify.com/s/files/1/0000/0001/files";

/**
 * A varied shop: Cyrillic, Japanese and German names, apartments in address2, several phones per customer,
 * variants with options and images, weights in four units, a product in no collection, a draft and an
 * archived product, paid / pending / fulfilled / cancelled orders, a discount and a custom line item.
 */
export function seedDemoShop(shop: SimShopActions): SimDemoSeed {
  const clothing = shop.createCollection({ title: "Одежда", handle: "clothing", descriptionHtml: "<p>Одежда и аксессуары</p>" });
  const tea = shop.createCollection({ title: "Tea & Coffee", handle: "tea-coffee" });
  const sale = shop.createCollection({ title: "Sale", handle: "sale" });

  const tshirt = shop.createProduct({
    title: "Футболка «Байкал»",
    handle: "baikal-t-shirt",
    descriptionHtml: "<p>Хлопковая футболка с принтом <strong>Байкал</strong>.</p>",
    vendor: "Сибирь Текстиль",
    productType: "Футболки",
    tags: ["хлопок", "лето"],
    options: [
      { name: "Размер", values: ["S", "M", "L"] },
      { name: "Цвет", values: ["Белый", "Синий"] },
    ],
    images: [
      { url: `${IMAGE_BASE}/baikal-white.jpg`, altText: "Белая футболка", width: 1200, height: 1600 },
      { url: `${IMAGE_BASE}/baikal-blue.jpg`, altText: "Синяя футболка", width: 1200, height: 1600 },
    ],
    variants: ["S", "M", "L"].flatMap((size, sizeIndex) =>
      ["Белый", "Синий"].map((color, colorIndex) => ({
        optionValues: [size, color],
        sku: `BKL-${size}-${colorIndex === 0 ? "WHT" : "BLU"}`,
        barcode: `46000000${sizeIndex}${colorIndex}123`,
        price: "1490.00",
        compareAtPrice: size === "L" ? "1790.00" : null,
        inventoryQuantity: 10 + sizeIndex * 5 - colorIndex,
        weight: 180,
        weightUnit: "GRAMS" as const,
        imageIndex: colorIndex,
      })),
    ),
    collectionIds: [clothing.id],
  });

  const sencha = shop.createProduct({
    title: "Чай Сенча",
    handle: "sencha",
    descriptionHtml: "<p>Японский зелёный чай.</p>",
    vendor: "Tea Island",
    productType: "Tea",
    options: [{ name: "Вес", values: ["100 г", "500 г"] }],
    images: [{ url: `${IMAGE_BASE}/sencha.jpg`, altText: null }],
    variants: [
      { optionValues: ["100 г"], sku: "TEA-SEN-100", price: "450.00", inventoryQuantity: 40, weight: 0.1, weightUnit: "KILOGRAMS" },
      { optionValues: ["500 г"], sku: "TEA-SEN-500", price: "1990.00", inventoryQuantity: 8, weight: 0.5, weightUnit: "KILOGRAMS" },
    ],
    collectionIds: [tea.id],
  });

  const teapot = shop.createProduct({
    title: "Cast iron teapot 鉄瓶",
    handle: "tetsubin",
    vendor: "Iwachu",
    productType: "Teaware",
    tags: ["gift"],
    images: [{ url: `${IMAGE_BASE}/tetsubin.jpg`, altText: "Tetsubin" }],
    variants: [{ sku: "TW-TETSUBIN", price: "8900.00", inventoryQuantity: 3, weight: 2.2, weightUnit: "POUNDS" }],
    collectionIds: [tea.id],
  });

  const mug = shop.createProduct({
    title: "Ceramic mug",
    handle: "ceramic-mug",
    vendor: "Kruzhka",
    productType: "Teaware",
    options: [{ name: "Color", values: ["Black", "White"] }],
    variants: [
      { optionValues: ["Black"], sku: "MUG-BLK", price: "690.00", inventoryQuantity: 25, weight: 12, weightUnit: "OUNCES" },
      { optionValues: ["White"], sku: "MUG-WHT", price: "690.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE", weight: 12, weightUnit: "OUNCES" },
    ],
    collectionIds: [tea.id, sale.id],
  });

  const stickers = shop.createProduct({
    title: "Sticker pack",
    handle: "stickers",
    vendor: "Demo",
    productType: "Accessories",
    variants: [{ sku: null, price: "150.00", inventoryQuantity: 100, tracked: false }],
  });

  const draft = shop.createProduct({
    title: "Зимняя куртка (черновик)",
    handle: "winter-jacket",
    status: "DRAFT",
    vendor: "Сибирь Текстиль",
    productType: "Куртки",
    variants: [{ sku: "JKT-WIN", price: "12990.00", inventoryQuantity: 0, weight: 1.4, weightUnit: "KILOGRAMS" }],
    collectionIds: [clothing.id],
  });

  const archived = shop.createProduct({
    title: "Old enamel mug",
    handle: "old-enamel-mug",
    status: "ARCHIVED",
    variants: [{ sku: "MUG-OLD", price: "300.00" }],
  });

  const anna = shop.createCustomer({
    firstName: "Анна",
    lastName: "Смирнова",
    email: "anna.smirnova@example.ru",
    phone: "+7 912 345-67-89",
    tags: ["VIP", "опт"],
    note: "Предпочитает доставку курьером",
    emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "CONFIRMED_OPT_IN" },
    addresses: [
      {
        firstName: "Анна",
        lastName: "Смирнова",
        address1: "ул. Тверская, д. 7",
        address2: "кв. 12",
        city: "Москва",
        province: "Москва",
        provinceCode: "MOW",
        countryCode: "RU",
        zip: "125009",
        phone: "+7 495 123-45-67",
      },
    ],
  });
  const taro = shop.createCustomer({
    firstName: "太郎",
    lastName: "田中",
    email: "taro.tanaka@example.jp",
    phone: "+81 90-1234-5678",
    locale: "ja",
    addresses: [
      {
        firstName: "太郎",
        lastName: "田中",
        address1: "千代田区丸の内1-1-1",
        address2: "305号室",
        city: "東京",
        province: "Tokyo",
        provinceCode: "JP-13",
        countryCode: "JP",
        zip: "100-0005",
        phone: "+81 3-1234-5678",
      },
    ],
  });
  const jurgen = shop.createCustomer({
    firstName: "Jürgen",
    lastName: "Müller",
    email: "juergen.mueller@example.de",
    addresses: [
      {
        firstName: "Jürgen",
        lastName: "Müller",
        company: "Müller & Söhne GmbH",
        address1: "Straße des 17. Juni 135",
        address2: "Wohnung 4, 2. OG",
        city: "Berlin",
        countryCode: "DE",
        zip: "10623",
        phone: "+49 30 901820",
      },
    ],
  });
  const olga = shop.createCustomer({
    firstName: "Ольга",
    lastName: "Петрова-Водкина",
    email: "olga.petrova@example.ru",
    phone: "+7 (916) 555-12-34",
    addresses: [
      {
        firstName: "Ольга",
        lastName: "Петрова-Водкина",
        address1: "Невский проспект, 28",
        address2: "кв. 5, подъезд 2",
        city: "Санкт-Петербург",
        province: "Санкт-Петербург",
        provinceCode: "SPE",
        countryCode: "RU",
        zip: "191186",
        phone: "+7 812 555-00-11",
      },
      {
        firstName: "Ольга",
        lastName: "Петрова-Водкина",
        company: "ООО «Ромашка»",
        address1: "ул. Ленина, 1",
        address2: "офис 301",
        city: "Казань",
        countryCode: "RU",
        zip: "420111",
        phone: "+7 843 222-33-44",
      },
    ],
  });
  const phoneOnly = shop.createCustomer({ phone: "+1 650 253 0000" });

  const paid = shop.createOrder({
    customerId: anna.id,
    lineItems: [
      { variantId: variantId(tshirt, ["M", "Синий"]), quantity: 2 },
      { variantId: variantId(sencha, ["100 г"]), quantity: 1 },
    ],
    shippingLines: [{ title: "Курьер по Москве", price: "350.00", code: "courier" }],
    shippingAddress: anna.addresses[0],
    note: "Позвонить за час до доставки",
    tags: ["web"],
    financialStatus: "PAID",
    gateway: "bogus",
  });
  const pending = shop.createOrder({
    customerId: taro.id,
    lineItems: [
      { variantId: variantId(teapot, []), quantity: 1 },
      { title: "Gift wrapping 包装", price: "5.00", quantity: 1, requiresShipping: false, taxable: false },
    ],
    shippingLines: [{ title: "EMS", price: "2500.00" }],
    shippingAddress: taro.addresses[0],
    note: "18時以降に配達してください",
    customAttributes: [{ key: "gift_message", value: "お誕生日おめでとう" }],
  });
  const fulfilled = shop.createOrder({
    customerId: jurgen.id,
    lineItems: [{ variantId: variantId(mug, ["Black"]), quantity: 3 }],
    shippingLines: [{ title: "DHL", price: "900.00" }],
    shippingAddress: jurgen.addresses[0],
    discountCode: { code: "WELCOME10", amount: "100.00" },
    financialStatus: "PAID",
  });
  shop.fulfillOrder(fulfilled.id, { trackingCompany: "DHL", trackingNumber: "JJD000390007885" });
  const guest = shop.createOrder({
    email: "guest@example.com",
    phone: "+7 900 000-00-01",
    lineItems: [
      { variantId: variantId(stickers, []), quantity: 4 },
      { title: "Индивидуальная гравировка", price: "500.00", quantity: 1, sku: "CUSTOM-ENGRAVE" },
    ],
    shippingAddress: {
      firstName: "Гость",
      lastName: "Без Аккаунта",
      address1: "пр. Мира, 10",
      address2: "кв. 99",
      city: "Новосибирск",
      countryCode: "RU",
      zip: "630000",
    },
  });
  shop.cancelOrder(guest.id, { reason: "CUSTOMER", restock: true });
  const olgaOrder = shop.createOrder({
    customerId: olga.id,
    lineItems: [{ variantId: variantId(tshirt, ["L", "Белый"]), quantity: 1 }],
    shippingAddress: olga.addresses[1],
    billingAddress: olga.addresses[0],
    financialStatus: "AUTHORIZED",
  });

  return {
    customers: [anna, taro, jurgen, olga, phoneOnly].map((customer) => shop.customer(customer.id) ?? customer),
    products: [tshirt, sencha, teapot, mug, stickers, draft, archived].map((product) => shop.product(product.id) ?? product),
    collections: shop.collections(),
    orders: [paid, pending, fulfilled, guest, olgaOrder].map((order) => shop.order(order.id) ?? order),
  };
}

function variantId(product: SimProduct, optionValues: string[]): number {
  const wanted = optionValues.length === 0 ? ["Default Title"] : optionValues;
  const variant = product.variants.find((candidate) => candidate.optionValues.join("/") === wanted.join("/"));
  if (!variant) throw new Error(`Demo seed: ${product.title} has no variant ${wanted.join(" / ")}`);
  return variant.id;
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseIcml } from "../../../../sim/retailcrm/catalog/icml-parser";
import { startCrmTestClient, type CrmTestClient } from "./crm-test-client";

function buildIcml(offers: string, categories = '<category id="1">Tees</category><category id="2" parentId="1"><name>Red tees</name></category>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<yml_catalog date="2024-05-01 10:00:00">
  <shop>
    <name>Test shop</name>
    <categories>${categories}</categories>
    <offers>${offers}</offers>
  </shop>
</yml_catalog>`;
}

const TEE_OFFERS = `
  <offer id="4455" productId="44" quantity="3">
    <name>Tee - Red / M</name><productName>Tee</productName><price>20.00</price><categoryId>2</categoryId>
    <param name="Article" code="article">TEE-RM</param><param name="Color" code="color">Red</param>
    <xmlId>TEE-RM</xmlId><picture>https://cdn.example/tee.jpg</picture><url>https://shop.example/tee</url>
  </offer>
  <offer id="4456" productId="44" quantity="0">
    <name>Tee - Red / L</name><productName>Tee</productName><price>22.00</price><categoryId>2</categoryId>
  </offer>`;

/** Serves whatever `current` holds at /icml.xml, gzip-encoded when the client accepts it. */
async function startIcmlServer(): Promise<{ server: Server; url: string; serve(body: string | Buffer, raw?: boolean): void }> {
  let current: { body: string | Buffer; raw: boolean } = { body: "", raw: false };
  const server = createServer((req, res) => {
    if (current.raw || !String(req.headers["accept-encoding"] ?? "").includes("gzip")) {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(current.body);
      return;
    }
    res.writeHead(200, { "content-type": "application/xml", "content-encoding": "gzip" });
    res.end(gzipSync(current.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/icml.xml`,
    serve(body, raw = false) {
      current = { body, raw };
    },
  };
}

describe("catalog loading", () => {
  let crm: CrmTestClient;
  let icml: Awaited<ReturnType<typeof startIcmlServer>>;
  beforeEach(async () => {
    crm = await startCrmTestClient();
    icml = await startIcmlServer();
  });
  afterEach(async () => {
    await crm.close();
    await new Promise((resolve) => icml.server.close(resolve));
  });

  async function pointSiteAtIcml(): Promise<void> {
    const edited = await crm.post("/api/v5/reference/sites/shop-1/edit", { site: { ymlUrl: icml.url, loadFromYml: true } });
    expect(edited.status).toBe(200);
  }

  it("loads a good gzip-served file and exposes offers, products and bindings", async () => {
    // GIVEN the site points at a valid ICML file
    icml.serve(buildIcml(TEE_OFFERS));
    await pointSiteAtIcml();
    // WHEN the CRM loads it
    const load = await crm.sim.loadCatalog("shop-1");
    // THEN
    expect(load).toMatchObject({ ok: true, site: "shop-1", url: icml.url, counts: { categories: 2, products: 1, offers: 2 } });
    const offers = await crm.get("/api/v5/store/offers", [["filter[externalIds][]", "4455"]]);
    expect(offers.body.offers).toEqual([
      expect.objectContaining({
        externalId: "4455",
        xmlId: "TEE-RM",
        article: "TEE-RM",
        name: "Tee - Red / M",
        price: 20,
        quantity: 3,
        properties: { color: "Red" },
        active: true,
        product: expect.objectContaining({ externalId: "44", name: "Tee" }),
      }),
    ]);
    const products = await crm.get("/api/v5/store/products");
    expect(products.body.products).toEqual([
      expect.objectContaining({
        externalId: "44",
        minPrice: 20,
        maxPrice: 22,
        quantity: 3,
        groups: [{ id: expect.any(Number), externalId: "2" }],
        offers: [expect.objectContaining({ externalId: "4455" }), expect.objectContaining({ externalId: "4456" })],
      }),
    ]);
    const sites = await crm.get("/api/v5/reference/sites");
    expect((sites.body.sites as Record<string, Record<string, unknown>>)["shop-1"]).toMatchObject({
      ymlUrl: icml.url,
      catalogUpdatedAt: expect.any(String),
    });
    expect(crm.sim.snapshot().catalogs["shop-1"]?.offers).toHaveLength(2);
  });

  it("binds order items to a loaded offer by externalId and takes its price", async () => {
    // GIVEN a loaded catalog
    icml.serve(buildIcml(TEE_OFFERS));
    await pointSiteAtIcml();
    await crm.sim.loadCatalog("shop-1");
    // WHEN an order references the offer without a price, and another offer by xmlId
    const created = await crm.post("/api/v5/orders/create", {
      order: { externalId: "cat-1", items: [{ offer: { externalId: "4455" }, quantity: 1 }, { offer: { xmlId: "TEE-RM" } }] },
    });
    // THEN
    const items = (created.body.order as { items: Array<Record<string, unknown>> }).items;
    expect(items[0]).toMatchObject({ initialPrice: 20, offer: { id: expect.any(Number), externalId: "4455", xmlId: "TEE-RM" } });
    expect(items[1]).toMatchObject({ offer: { externalId: "4455" } });
  });

  it("rejects an unknown offer.id even with a catalog loaded", async () => {
    icml.serve(buildIcml(TEE_OFFERS));
    await pointSiteAtIcml();
    await crm.sim.loadCatalog("shop-1");
    const response = await crm.post("/api/v5/orders/create", { order: { items: [{ offer: { id: 999999 } }] } });
    expect(response.body).toMatchObject({ errorMsg: "Order is not loaded", errors: { "items[0].offer.id": "Offer with id 999999 not found." } });
  });

  it("rejects a malformed file, records why, and keeps the previous catalog", async () => {
    // GIVEN a good first load
    icml.serve(buildIcml(TEE_OFFERS));
    await pointSiteAtIcml();
    await crm.sim.loadCatalog("shop-1");
    // WHEN the next file is cut off mid-element
    icml.serve(buildIcml(TEE_OFFERS).slice(0, 300));
    const load = await crm.sim.loadCatalog("shop-1");
    // THEN
    expect(load.ok).toBe(false);
    expect(load.error).toMatch(/not well-formed XML/);
    const snapshot = crm.sim.snapshot();
    expect(snapshot.catalogs["shop-1"]?.offers.map((offer) => offer.externalId)).toEqual(["4455", "4456"]);
    expect(snapshot.catalogLoads.map((entry) => entry.ok)).toEqual([true, false]);
  });

  it("rejects a well-formed file with structural problems through the admin endpoint", async () => {
    // GIVEN offers without productId and with a dangling categoryId
    icml.serve(
      buildIcml(`<offer id="1"><name>No product</name></offer><offer id="2" productId="2"><name>Lost</name><categoryId>77</categoryId></offer>`),
      true,
    );
    await pointSiteAtIcml();
    // WHEN loading through HTTP
    const response = await fetch(`${crm.url}/__sim/sites/shop-1/load-catalog`, { method: "POST" });
    const load = (await response.json()) as { ok: boolean; problems: string[] };
    // THEN
    expect(response.status).toBe(422);
    expect(load.ok).toBe(false);
    expect(load.problems).toEqual(["Offer 1 has no productId attribute.", "Offer 2: categoryId 77 is not a category in this file."]);
    expect(crm.sim.snapshot().catalogs).toEqual({});
  });

  it("reads a file that is itself gzip-compressed and deactivates offers a new file leaves out", async () => {
    // GIVEN a first load with two offers
    icml.serve(buildIcml(TEE_OFFERS));
    await pointSiteAtIcml();
    await crm.sim.loadCatalog("shop-1");
    // WHEN a .gz file without Content-Encoding carries only one of them
    icml.serve(gzipSync(buildIcml(TEE_OFFERS.split("</offer>")[0] + "</offer>")), true);
    const load = await crm.sim.loadCatalog("shop-1");
    // THEN
    expect(load).toMatchObject({ ok: true, counts: { offers: 1 } });
    const offers = await crm.get("/api/v5/store/offers");
    expect((offers.body.offers as Array<{ externalId: string; active: boolean }>).map((offer) => [offer.externalId, offer.active])).toEqual([
      ["4455", true],
      ["4456", false],
    ]);
  });

  it("fails a load for a site without ymlUrl", async () => {
    const load = await crm.sim.loadCatalog("shop-2");
    expect(load).toMatchObject({ ok: false, error: expect.stringContaining("no ymlUrl") });
  });
});

describe(parseIcml.name, () => {
  it("requires yml_catalog > shop > categories and offers", () => {
    expect(parseIcml("<catalog/>")).toEqual({ ok: false, problems: ["The root element must be <yml_catalog>."] });
    expect(parseIcml("<yml_catalog><shop><name>x</name></shop></yml_catalog>")).toEqual({
      ok: false,
      problems: ["<shop> must contain <categories>.", "<shop> must contain <offers>."],
    });
  });

  it("reports duplicate ids, missing names and a dangling parentId", () => {
    const result = parseIcml(
      buildIcml(
        '<offer id="1" productId="1"><name>A</name></offer><offer id="1" productId="1"><name>B</name></offer><offer id="3" productId="3"/>',
        '<category id="1">A</category><category id="5" parentId="9">B</category>',
      ),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        "Category 5: parentId 9 is not a category in this file.",
        "Offer 1 appears more than once.",
        "Offer 3 has no <name>.",
      ],
    });
  });
});

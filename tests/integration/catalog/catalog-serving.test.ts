import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader } from "../../../app/routes/icml.$token";
import { buildCatalog } from "../../../app/services/catalog/catalog-build";
import { rotateIcmlToken } from "../../../app/services/catalog/catalog-token";
import { serveCatalogFile } from "../../../app/services/catalog/catalog-serving";
import { createCrmClient } from "../../../app/services/crm/client";
import { encryptSecret } from "../../../app/services/crypto";
import { seedCatalogShop } from "./catalog-fixture";
import { startCatalogKit, type CatalogKit } from "./catalog-test-kit";

let kit: CatalogKit;

beforeAll(async () => {
  kit = await startCatalogKit();
});
afterAll(async () => {
  await kit?.close();
});

const CRM_UA = "RetailCRM ICML loader/1.0";

function get(token: string, headers: Record<string, string> = {}, method = "GET"): Promise<Response> {
  return loader({ request: new Request(`http://app.test/icml/${token}`, { method, headers }), params: { token }, context: {} });
}

/** A shop connected to the CRM with a built catalog; returns its token. */
async function servedShop(): Promise<{ shop: Awaited<ReturnType<CatalogKit["newShop"]>>; token: string }> {
  const shop = await kit.newShop();
  seedCatalogShop(shop.sim, kit.shopify);
  const connection = await shop.connect();
  expect(connection.catalog?.build.state).toBe("built");
  const { icmlToken } = await kit.db.shop.findUniqueOrThrow({ where: { domain: shop.domain } });
  return { shop, token: icmlToken! };
}

describe(serveCatalogFile.name, () => {
  it("serves the stored gzip to clients that accept it, with validators, and records the download", async () => {
    // GIVEN a built catalog
    const { shop, token } = await servedShop();
    const file = await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } });

    // WHEN the CRM downloads it asking for gzip
    const response = await get(token, { "Accept-Encoding": "gzip, deflate", "User-Agent": CRM_UA });

    // THEN it gets the stored bytes, gzip-encoded XML, with ETag and Last-Modified
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/xml; charset=utf-8",
      "content-encoding": "gzip",
      "content-length": String(file.bytes),
      etag: `"${file.etag}"`,
      "last-modified": file.generatedAt.toUTCString(),
      vary: "Accept-Encoding",
    });
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(Buffer.from(file.gzip))).toBe(true);
    expect(gunzipSync(body).toString("utf8")).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<yml_catalog date="/);
    // AND the download is recorded with the client's user agent
    expect(await kit.db.catalogFetch.findMany({ where: { shop: shop.domain } })).toMatchObject([{ status: 200, userAgent: CRM_UA }]);
  });

  it("unzips on the fly for clients that do not accept gzip", async () => {
    const { shop, token } = await servedShop();
    const file = await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } });
    const xml = gunzipSync(file.gzip).toString("utf8");

    const response = await get(token, { "Accept-Encoding": "identity, gzip;q=0" });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("etag")).toBe(`"${file.etag}-identity"`);
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(xml)));
    expect(await response.text()).toBe(xml);
  });

  it("answers 304 to If-None-Match and If-Modified-Since, and records it", async () => {
    const { shop, token } = await servedShop();
    const first = await get(token, { "Accept-Encoding": "gzip" });
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;

    const byTag = await get(token, { "Accept-Encoding": "gzip", "If-None-Match": `W/"other", ${etag}`, "User-Agent": CRM_UA });
    const byDate = await get(token, { "Accept-Encoding": "gzip", "If-Modified-Since": lastModified });
    const older = await get(token, { "Accept-Encoding": "gzip", "If-Modified-Since": new Date(Date.parse(lastModified) - 60_000).toUTCString() });
    const staleTag = await get(token, { "Accept-Encoding": "gzip", "If-None-Match": '"stale"', "If-Modified-Since": lastModified });

    expect([byTag.status, byDate.status, older.status, staleTag.status]).toEqual([304, 304, 200, 200]);
    expect(byTag.headers.get("etag")).toBe(etag);
    expect(await byTag.text()).toBe("");
    const fetches = await kit.db.catalogFetch.findMany({ where: { shop: shop.domain } });
    expect(fetches.map((fetch) => fetch.status).sort()).toEqual([200, 200, 200, 304, 304]);
    expect(fetches.filter((fetch) => fetch.userAgent === CRM_UA)).toMatchObject([{ status: 304 }]);
  });

  it("answers HEAD with the headers only", async () => {
    const { shop, token } = await servedShop();
    const file = await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } });

    const response = await get(token, { "Accept-Encoding": "gzip" }, "HEAD");

    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${file.etag}"`);
    expect(response.headers.get("content-length")).toBe(String(file.bytes));
    expect(await response.text()).toBe("");
  });

  it("answers 404 for an unknown token and before the first build", async () => {
    // GIVEN a shop with a token but no file yet
    const shop = await kit.newShop();
    await kit.db.shop.update({ where: { domain: shop.domain }, data: { icmlToken: "no-file-yet-token-0123456789" } });

    const unknown = await get("not-a-token-of-any-shop-0123456789");
    const malformed = await get("../../etc/passwd");
    const notBuilt = await get("no-file-yet-token-0123456789");

    expect([unknown.status, malformed.status, notBuilt.status]).toEqual([404, 404, 404]);
    expect(await unknown.text()).toMatch(/No catalog is published at this address/);
    expect(await notBuilt.text()).toMatch(/has not been built yet/);
  });

  it("answers 404 once the shop uninstalled the app", async () => {
    const { shop, token } = await servedShop();
    await kit.db.shop.update({ where: { domain: shop.domain }, data: { status: "uninstalled" } });
    expect((await get(token)).status).toBe(404);
  });

  it("serves a rebuilt file under a new ETag", async () => {
    const { shop, token } = await servedShop();
    const before = (await get(token, { "Accept-Encoding": "gzip" })).headers.get("etag");
    shop.sim.setInventoryQuantity(shop.sim.products()[0]!.variants[0]!.id, 999);

    await buildCatalog(await shop.buildDeps(), { shop: shop.domain, trigger: "manual" });

    const after = await get(token, { "Accept-Encoding": "gzip", "If-None-Match": before! });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    expect(gunzipSync(Buffer.from(await after.arrayBuffer())).toString("utf8")).toContain('quantity="999"');
  });
});

describe(rotateIcmlToken.name, () => {
  it("revokes the old URL, serves the new one and points the CRM site at it", async () => {
    // GIVEN a served catalog the CRM loads
    const { shop, token } = await servedShop();

    // WHEN the token is rotated
    const rotation = await rotateIcmlToken(
      { db: kit.db, appUrl: kit.appUrl, encryptionKey: kit.encryptionKey, makeCrmClient: (options) => createCrmClient(options) },
      shop.domain,
    );

    // THEN the old URL is gone, the new one serves the file, and the CRM loads it from the new URL
    const newToken = rotation.url.split("/").pop()!;
    expect(newToken).not.toBe(token);
    expect((await get(token)).status).toBe(404);
    expect((await get(newToken)).status).toBe(200);
    expect(rotation).toMatchObject({ crmUpdated: true });
    expect(shop.crmSite()).toMatchObject({ ymlUrl: rotation.url, loadFromYml: true });
    expect(await kit.crm.loadCatalog(shop.site)).toMatchObject({ ok: true, url: rotation.url });
  });

  it("still revokes the old URL when the CRM cannot be reached, and tells where to paste the new one", async () => {
    const { shop, token } = await servedShop();
    await kit.db.shop.update({
      where: { domain: shop.domain },
      data: { crmUrl: "http://127.0.0.1:9", crmApiKeyEnc: encryptSecret(shop.apiKey, kit.encryptionKey) },
    });

    const rotation = rotateIcmlToken(
      { db: kit.db, appUrl: kit.appUrl, encryptionKey: kit.encryptionKey, makeCrmClient: (options) => createCrmClient({ ...options, retry: { attempts: 1 } }) },
      shop.domain,
    );

    await expect(rotation).rejects.toMatchObject({ message: expect.stringMatching(/old catalog URL is revoked and the new one is http.*\/icml\/.*Paste the new URL/) });
    expect((await get(token)).status).toBe(404);
  });
});

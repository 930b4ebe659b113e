import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrmClient } from "../../../app/services/crm/client";
import { addTestApiKey, makeTestClient, requestsFor, startCrmSim, uniqueId, type CrmSim } from "./crm-test-kit";

let sim: CrmSim;
let url: string;

beforeAll(async () => {
  ({ sim, url } = await startCrmSim());
});

afterAll(async () => {
  await sim.close();
});

describe(createCrmClient.name, () => {
  describe("account checks", () => {
    it("reads the key's scopes and the single site it is bound to", async () => {
      // GIVEN a key bound to shop-1 with a few scopes
      const apiKey = addTestApiKey(sim, { scopes: ["order_read", "order_write", "reference_read"], sites: ["shop-1"] });
      const crm = makeTestClient(url, apiKey);

      // WHEN
      const credentials = await crm.credentials();

      // THEN
      expect(credentials.scopes).toEqual(expect.arrayContaining(["order_read", "order_write", "reference_read"]));
      expect(credentials.scopes).not.toContain("customer_write");
      expect(credentials.siteAccess).toBe("access_selective");
      expect(credentials.sitesAvailable).toEqual(["shop-1"]);
      expect(requestsFor(sim, apiKey).map((request) => request.path)).toEqual(["/api/credentials"]);
    });

    it("lists the API versions, 5 among them", async () => {
      // GIVEN
      const crm = makeTestClient(url, addTestApiKey(sim));

      // WHEN
      const versions = await crm.apiVersions();

      // THEN
      expect(versions.some((version) => version.startsWith("5"))).toBe(true);
    });

    it("accepts an address pasted with a trailing /api/v5/", async () => {
      // GIVEN
      const crm = makeTestClient(`${url}/api/v5/`, addTestApiKey(sim));

      // WHEN
      const versions = await crm.apiVersions();

      // THEN
      expect(crm.baseUrl).toBe(url.replace(/\/$/, ""));
      expect(versions.length).toBeGreaterThan(0);
    });
  });

  describe("reference", () => {
    it("returns only the sites the key reaches, keyed by code", async () => {
      // GIVEN
      const crm = makeTestClient(url, addTestApiKey(sim, { sites: ["shop-1"] }));

      // WHEN
      const sites = await crm.reference.sites();

      // THEN
      expect(Object.keys(sites)).toEqual(["shop-1"]);
      expect(sites["shop-1"]).toMatchObject({ code: "shop-1", currency: "USD" });
    });

    it("returns each dictionary as records keyed by code", async () => {
      // GIVEN
      const crm = makeTestClient(url, addTestApiKey(sim));

      // WHEN
      const [statuses, paymentTypes, paymentStatuses, deliveryTypes, orderMethods, countries] = await Promise.all([
        crm.reference.statuses(),
        crm.reference.paymentTypes(),
        crm.reference.paymentStatuses(),
        crm.reference.deliveryTypes(),
        crm.reference.orderMethods(),
        crm.reference.countries(),
      ]);

      // THEN
      expect(statuses.new).toMatchObject({ code: "new", active: true });
      expect(Object.keys(paymentTypes)).toEqual(expect.arrayContaining(["cash", "bank-card", "bank-transfer", "credit", "e-money"]));
      expect(paymentStatuses.paid).toMatchObject({ code: "paid", paymentComplete: true });
      expect(paymentStatuses["not-paid"]?.paymentComplete).toBe(false);
      expect(Object.keys(deliveryTypes)).toEqual(expect.arrayContaining(["courier", "self-delivery", "russian-post"]));
      expect(deliveryTypes.courier?.paymentTypes).not.toContain("credit");
      expect(orderMethods["shopping-cart"]).toMatchObject({ code: "shopping-cart" });
      expect(countries).toContain("US");
    });

    it("edits a site's catalog URL", async () => {
      // GIVEN
      const apiKey = addTestApiKey(sim, { sites: ["shop-2"] });
      const crm = makeTestClient(url, apiKey);
      const ymlUrl = `https://connector.example.com/icml/${uniqueId("shop")}.xml`;

      // WHEN
      await crm.reference.editSite("shop-2", { ymlUrl, loadFromYml: true });

      // THEN the site reads back with the new URL, and `site` went as a JSON form field
      const sites = await crm.reference.sites();
      expect(sites["shop-2"]).toMatchObject({ ymlUrl, loadFromYml: true });
      const edit = requestsFor(sim, apiKey).find((request) => request.path === "/api/v5/reference/sites/shop-2/edit");
      expect(edit?.body).toMatchObject({ site: { code: "shop-2", ymlUrl, loadFromYml: true } });
    });
  });

  describe("integration modules", () => {
    it("registers the module, reads it back and deactivates it", async () => {
      // GIVEN
      const crm = makeTestClient(url, addTestApiKey(sim));
      const clientId = uniqueId("client");
      const code = `shopify-connector-${clientId}`;
      const module = {
        code,
        integrationCode: "shopify-connector",
        active: true,
        name: "Shopify connector",
        clientId,
        baseUrl: "https://connector.example.com",
        accountUrl: "https://connector.example.com/app",
      };

      // WHEN
      await crm.integration.editModule(module);
      const registered = await crm.integration.getModule(code);
      await crm.integration.editModule({ ...module, active: false });
      const deactivated = await crm.integration.getModule(code);

      // THEN
      expect(registered).toMatchObject({ code, integrationCode: "shopify-connector", active: true, clientId });
      expect(deactivated.active).toBe(false);
    });
  });
});

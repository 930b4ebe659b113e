import { describe, expect, it } from "vitest";
import { mapAddressToCrm, readMailingAddress, readRestAddress } from "../../../../app/sync/mapping/address";
import type { MappingNote } from "../../../../app/sync/mapping/result";
import { buildShippingAddress } from "./mapping-fixtures";

describe(mapAddressToCrm.name, () => {
  it.each([
    [{ address1: "5th Ave 1", address2: "Apt 2" }, "5th Ave 1||Apt 2"],
    [{ address1: " 5th Ave 1 ", address2: " Apt 2 " }, "5th Ave 1||Apt 2"],
    [{ address1: "5th Ave 1", address2: null }, "5th Ave 1"],
    [{ address1: "5th Ave 1", address2: "" }, "5th Ave 1"],
    [{ address1: null, address2: "Apt 2" }, "||Apt 2"],
    [{ address1: "ул. Ленина, 1", address2: "кв. 5" }, "ул. Ленина, 1||кв. 5"],
    [{ address1: "東京都千代田区1-1", address2: "🏢 3F" }, "東京都千代田区1-1||🏢 3F"],
  ])("street lines %o → text %s", (lines, text) => {
    // GIVEN an address with these street lines
    const notes: MappingNote[] = [];

    // WHEN mapped
    const crm = mapAddressToCrm(readRestAddress(buildShippingAddress(lines)), "shipping_address", notes);

    // THEN
    expect(crm?.text).toBe(text);
    expect(notes).toEqual([]);
  });

  it("maps zip, country, province and city to index, countryIso, region and city", () => {
    // GIVEN a GraphQL mailing address with a lower-case country code
    const notes: MappingNote[] = [];
    const address = readMailingAddress({ address1: "1 Main St", zip: "K2P 2L8", countryCodeV2: "ca", province: null, provinceCode: "ON", city: "Ottawa" });

    // WHEN mapped
    const crm = mapAddressToCrm(address, "defaultAddress", notes);

    // THEN the province code stands in for a missing province name
    expect(crm).toEqual({ text: "1 Main St", index: "K2P 2L8", countryIso: "CA", region: "ON", city: "Ottawa" });
  });

  it("gives no address for a missing or empty one", () => {
    // GIVEN / WHEN / THEN
    const notes: MappingNote[] = [];
    expect(mapAddressToCrm(readRestAddress(null), "shipping_address", notes)).toBeUndefined();
    expect(mapAddressToCrm(readMailingAddress({ address1: "  ", city: null }), "defaultAddress", notes)).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it("leaves out a country code that is not ISO alpha-2, with a note", () => {
    // GIVEN a country name where the code should be
    const notes: MappingNote[] = [];

    // WHEN mapped
    const crm = mapAddressToCrm(readRestAddress(buildShippingAddress({ country_code: "Canada" })), "shipping_address", notes);

    // THEN
    expect(crm?.countryIso).toBeUndefined();
    expect(notes).toEqual([{ path: "shipping_address", message: expect.stringContaining('"Canada"') }]);
  });
});

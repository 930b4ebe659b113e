import { describe, expect, it } from "vitest";
import { collectPhones, normalisePhone } from "../../../../app/sync/mapping/phone";
import type { MappingNote } from "../../../../app/sync/mapping/result";

describe(normalisePhone.name, () => {
  it.each([
    ["+1 (555) 123-4567", "US", { number: "+15551234567", normalised: true }],
    ["5551234567", "US", { number: "+15551234567", normalised: true }],
    ["(603) 292-6810", "us", { number: "+16032926810", normalised: true }],
    ["8 912 345 67 89", "RU", { number: "+79123456789", normalised: true }],
    ["+7 (912) 345-67-89", null, { number: "+79123456789", normalised: true }],
    ["090-1234-5678", "JP", { number: "+819012345678", normalised: true }],
    ["+44 20 7946 0958 ext. 12", "GB", { number: "+442079460958 ext. 12", normalised: true }],
    ["5551234567", null, { number: "5551234567", normalised: false }],
    ["5551234567", "XX", { number: "5551234567", normalised: false }],
    ["12ab", "US", { number: "12ab", normalised: false }],
    ["555-555-SHIP", "US", { number: "555-555-SHIP", normalised: false }],
    ["  ", "US", undefined],
    [null, "US", undefined],
  ])("%s with region %s → %o", (raw, country, expected) => {
    // GIVEN / WHEN
    const reading = normalisePhone(raw, country);

    // THEN
    expect(reading).toEqual(expected);
  });
});

describe(collectPhones.name, () => {
  it("keeps one entry per normalised number and notes each unreadable one", () => {
    // GIVEN the same number in two formats, an unreadable value twice and an empty one
    const notes: MappingNote[] = [];
    const candidates = [
      { raw: "+1 (555) 123-4567", country: "US", path: "a" },
      { raw: "5551234567", country: "US", path: "b" },
      { raw: "12ab", country: "US", path: "c" },
      { raw: "12ab", country: "US", path: "d" },
      { raw: "", country: "US", path: "e" },
    ];

    // WHEN collected
    const phones = collectPhones(candidates, notes);

    // THEN
    expect(phones).toEqual(["+15551234567", "12ab"]);
    expect(notes).toEqual([{ path: "c", message: expect.stringContaining('"12ab"') }]);
  });
});

import { describe, expect, it } from "vitest";
import { formatCrmDateTime } from "../../../../app/sync/mapping/dates";

describe(formatCrmDateTime.name, () => {
  it.each([
    ["2021-12-31T19:00:00-05:00", undefined, "2022-01-01 00:00:00"],
    ["2024-05-01T10:05:09Z", "UTC", "2024-05-01 10:05:09"],
    ["2024-05-01T23:30:00Z", "Europe/Moscow", "2024-05-02 02:30:00"],
    ["2024-01-01T00:00:00Z", "America/New_York", "2023-12-31 19:00:00"],
    ["2024-07-01T12:00:00.999Z", "UTC", "2024-07-01 12:00:00"],
  ])("%s in %s → %s", (value, timeZone, expected) => {
    // GIVEN / WHEN / THEN
    expect(formatCrmDateTime(value, timeZone)).toBe(expected);
  });

  it.each([
    ["not a date", "UTC"],
    ["2024-05-01T10:00:00Z", "Nowhere/Land"],
    [null, "UTC"],
  ])("gives undefined for %s in %s instead of throwing", (value, timeZone) => {
    // GIVEN / WHEN / THEN
    expect(formatCrmDateTime(value, timeZone)).toBeUndefined();
  });
});

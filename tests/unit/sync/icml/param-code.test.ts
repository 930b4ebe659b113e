import { describe, expect, it } from "vitest";
import { assignParamCodes, slugifyParamCode } from "../../../../app/sync/icml/param-code";

describe(slugifyParamCode.name, () => {
  it.each([
    ["Color", "color"],
    ["Frame colour", "frame_colour"],
    ["  Size (EU)  ", "size_eu"],
    ["Größe", "grosse"],
    ["Café-au-lait", "cafe-au-lait"],
    ["Цвет", "tsvet"],
    ["Размер обуви", "razmer_obuvi"],
    ["Їжак", "yizhak"],
    ["色", ""],
    ["🎨 Color", "color"],
  ])("turns %j into %j", (name, expected) => {
    // GIVEN an option name
    // WHEN it is slugified
    // THEN only [a-z0-9_-] remain
    expect(slugifyParamCode(name)).toBe(expected);
  });
});

describe(assignParamCodes.name, () => {
  it("keeps codes unique, avoids 'article' and falls back to the option's position", () => {
    // GIVEN option names that clash after slugifying
    const names = ["Color", "color", "COLOR", "Article", "サイズ"];
    // WHEN codes are assigned
    const codes = assignParamCodes(names);
    // THEN each is unique and valid
    expect(codes).toEqual(["color", "color_2", "color_3", "article_2", "option_5"]);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9_-]+$/);
  });
});

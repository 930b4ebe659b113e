import { describe, expect, it } from "vitest";
import { escapeXmlAttribute, escapeXmlText, removeForbiddenXmlChars } from "../../../../app/sync/icml/xml-escape";

describe(escapeXmlText.name, () => {
  it.each([
    ["plain text", "plain text"],
    ["Tom & Jerry <3 >", "Tom &amp; Jerry &lt;3 &gt;"],
    ['say "hi"', 'say "hi"'],
    ["line1\r\nline2\ttab", "line1&#13;\nline2\ttab"],
    ["😀 Ёлка 日本語", "😀 Ёлка 日本語"],
    ["bell\u0007 nul\u0000 esc\u001b", "bell nul esc"],
    ["\uFFFE\uFFFFok", "ok"],
  ])("escapes %j", (input, expected) => {
    // GIVEN text content
    // WHEN it is escaped
    // THEN markup characters are references and forbidden characters are gone
    expect(escapeXmlText(input)).toBe(expected);
  });
});

describe(escapeXmlAttribute.name, () => {
  it("escapes quotes and whitespace that attribute normalisation would lose", () => {
    // GIVEN an attribute value with quotes, markup and whitespace
    // WHEN it is escaped
    // THEN it can sit between double quotes unchanged in meaning
    expect(escapeXmlAttribute('a "b" & <c>\t\n\r')).toBe("a &quot;b&quot; &amp; &lt;c&gt;&#9;&#10;&#13;");
  });
});

describe(removeForbiddenXmlChars.name, () => {
  it("drops lone surrogates but keeps surrogate pairs", () => {
    // GIVEN a lone high, a lone low surrogate, and a real pair (emoji)
    const input = "a\uD800b\uDC00c\uD83D\uDE00d";
    // WHEN forbidden characters are removed
    // THEN only the lone halves disappear
    expect(removeForbiddenXmlChars(input)).toBe("abc😀d");
  });
});

/**
 * XML 1.0 escaping for the streamed ICML. Hand-written because the writer emits strings itself
 * (no XML library streams), and because it must also drop what XML 1.0 forbids: C0 controls other
 * than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF. Everything else (emoji, Cyrillic, CJK) is
 * kept as is and leaves as UTF-8. Carriage returns and, in attributes, tabs and newlines become
 * character references so that a parser's line-end and attribute normalisation keeps them.
 */

/* eslint-disable no-control-regex -- matching control characters is the point here */
const FORBIDDEN_XML_CHARS =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_NEEDS_WORK = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_NEEDS_WORK = /[&<>"\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
/* eslint-enable no-control-regex */
const TEXT_SPECIALS = /[&<>\r]/g;
const ATTRIBUTE_SPECIALS = /[&<>"\t\n\r]/g;

const REFERENCES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

function replaceWithReference(char: string): string {
  return REFERENCES[char] ?? char;
}

export function removeForbiddenXmlChars(value: string): string {
  return value.replace(FORBIDDEN_XML_CHARS, "");
}

export function escapeXmlText(value: string): string {
  if (!TEXT_NEEDS_WORK.test(value)) return value;
  return removeForbiddenXmlChars(value).replace(TEXT_SPECIALS, replaceWithReference);
}

export function escapeXmlAttribute(value: string): string {
  if (!ATTRIBUTE_NEEDS_WORK.test(value)) return value;
  return removeForbiddenXmlChars(value).replace(ATTRIBUTE_SPECIALS, replaceWithReference);
}

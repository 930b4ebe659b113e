/**
 * ICML `param@code` values for Shopify option names. The CRM keys offer properties by code, so a
 * code must be stable between builds: it is derived from the option name alone (Cyrillic and letters
 * such as ß spelled out, Latin diacritics stripped, anything else outside `[a-z0-9_-]` collapsed to `_`),
 * and a name with nothing left (e.g. Japanese) falls back to its position, `option_<n>`.
 */

export const ARTICLE_PARAM_CODE = "article";

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", е: "e", ё: "e", є: "ye", ж: "zh", з: "z", и: "i",
  і: "i", ї: "yi", й: "y", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t",
  у: "u", ў: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e",
  ю: "yu", я: "ya",
};
const LATIN_WITHOUT_DECOMPOSITION: Record<string, string> = {
  ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ł: "l", þ: "th", ð: "d",
};
const LETTER_TO_SPELL_OUT = /[\u0400-\u04FFßæœøđłþð]/g;
const COMBINING_MARKS = /\p{M}/gu;
const NOT_CODE_CHARS = /[^a-z0-9_-]+/g;
const EDGE_SEPARATORS = /^[_-]+|[_-]+$/g;

export function slugifyParamCode(name: string): string {
  return name
    .toLowerCase()
    .replace(LETTER_TO_SPELL_OUT, (letter) => CYRILLIC_TO_LATIN[letter] ?? LATIN_WITHOUT_DECOMPOSITION[letter] ?? letter)
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(NOT_CODE_CHARS, "_")
    .replace(EDGE_SEPARATORS, "");
}

/**
 * Codes for an offer's option names, in order, unique within the offer and never `article`
 * (reserved for the SKU): a repeat gets `_2`, `_3`, ….
 */
export function assignParamCodes(optionNames: readonly string[]): string[] {
  const taken = new Set<string>([ARTICLE_PARAM_CODE]);
  return optionNames.map((name, index) => {
    const base = slugifyParamCode(name) || `option_${index + 1}`;
    let code = base;
    for (let suffix = 2; taken.has(code); suffix += 1) code = `${base}_${suffix}`;
    taken.add(code);
    return code;
  });
}

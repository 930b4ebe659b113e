/** Money is kept as integer cents; Shopify's two output styles are produced here. */

export function parseMoneyToCents(value: string | number): number {
  const text = typeof value === "number" ? value.toFixed(2) : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`"${value}" is not a money amount; use a decimal such as "12.50".`);
  return Math.round(Number(text) * 100);
}

/** REST webhook style: always two decimals ("10.00"). */
export function formatRestMoney(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** GraphQL `Decimal`/`Money` style: no trailing zeros but at least one decimal ("10.0", "19.99", "12.5"). */
export function formatDecimalMoney(cents: number): string {
  const fixed = (cents / 100).toFixed(2);
  return fixed.endsWith("0") ? fixed.slice(0, -1) : fixed;
}

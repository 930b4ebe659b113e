/**
 * Money arithmetic in whole ten-thousandths of the currency unit, so sums of Shopify's decimal strings stay
 * exact (0.1 + 0.2 problems never reach the CRM). Converted back to a plain number only for the output.
 */
const UNITS_PER_CURRENCY_UNIT = 10_000;
const UNITS_PER_CENT = 100;

export type MoneyUnits = number;

/** `"89.99"` → 899900. Undefined for anything that is not a finite amount. */
export function toMoneyUnits(value: string | number | null | undefined): MoneyUnits | undefined {
  if (value === null || value === undefined) return undefined;
  const amount = typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isFinite(amount)) return undefined;
  return Math.round(amount * UNITS_PER_CURRENCY_UNIT);
}

export function fromMoneyUnits(units: MoneyUnits): number {
  return units / UNITS_PER_CURRENCY_UNIT;
}

/** Splits an amount over a quantity and rounds the share to cents. */
export function divideToCents(units: MoneyUnits, quantity: number): MoneyUnits {
  if (quantity <= 0) return 0;
  return Math.round(units / quantity / UNITS_PER_CENT) * UNITS_PER_CENT;
}

export function sumMoneyUnits(values: readonly MoneyUnits[]): MoneyUnits {
  return values.reduce((total, value) => total + value, 0);
}

/** Sums amounts as Shopify sends them; an unreadable amount counts as 0 (the schema has already rejected those). */
export function sumAmounts(amounts: readonly (string | number | null | undefined)[]): MoneyUnits {
  return sumMoneyUnits(amounts.map((amount) => toMoneyUnits(amount) ?? 0));
}

/** `12.5` → "12.50", for messages. */
export function formatMoney(units: MoneyUnits): string {
  return fromMoneyUnits(units).toFixed(2);
}

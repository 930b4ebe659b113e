import { isSyncError } from "../app/services/errors";

export interface OutputOptions {
  json?: boolean;
}

/** Prints a result: JSON for scripts (--json), or the human text. */
export function printResult(options: OutputOptions, result: unknown, human: () => string): void {
  if (options.json) console.log(JSON.stringify({ ok: true, result }, null, 2));
  else console.log(human());
}

/** Prints an error a merchant or operator can act on; unexpected errors keep their stack for the operator. */
export function printError(options: OutputOptions, error: unknown): void {
  const message = isSyncError(error) ? error.toPlainWords() : error instanceof Error ? error.message : String(error);
  if (options.json) {
    console.log(JSON.stringify({ ok: false, error: message, kind: isSyncError(error) ? error.kind : "internal" }, null, 2));
  } else {
    console.error(`Error: ${message}`);
    if (!isSyncError(error) && error instanceof Error && process.env.DEBUG) console.error(error.stack);
  }
}

export function formatTable(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return "(none)";
  const columns = Object.keys(rows[0] ?? {});
  const cell = (value: unknown) => (value instanceof Date ? value.toISOString() : value == null ? "-" : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(columns), ...rows.map((row) => line(columns.map((column) => cell(row[column]))))].join("\n");
}

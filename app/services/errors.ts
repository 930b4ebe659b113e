/**
 * The closed set of failure kinds every adapter reports. Workers and routes branch on `kind`:
 * `validation` and `conflict` need a human or a different call, `rate_limited` and `upstream` are
 * worth retrying later, `not_found` often means "create instead", `auth` means the connection
 * settings are wrong.
 */
export type SyncErrorKind = "validation" | "not_found" | "conflict" | "rate_limited" | "upstream" | "auth";

export class SyncError<TData extends object = Record<string, unknown>> extends Error {
  readonly kind: SyncErrorKind;
  readonly data: Readonly<TData>;

  constructor(kind: SyncErrorKind, message: string, data: TData, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.kind = kind;
    this.data = Object.freeze({ ...data });
  }

  /** The message, written for a merchant: what went wrong and what to do about it. */
  toPlainWords(): string {
    return this.message;
  }
}

export function isSyncError(value: unknown): value is SyncError {
  return value instanceof SyncError;
}

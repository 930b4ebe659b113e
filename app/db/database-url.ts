export type DatabaseProvider = "sqlite" | "postgresql";

export interface ResolvedDatabase {
  provider: DatabaseProvider;
  url: string;
}

export const DEFAULT_DATABASE_URL = "file:./var/app.sqlite";

/** Tells which database a DATABASE_URL points at. Unset or `file:` means SQLite; `postgres(ql)://` means PostgreSQL. */
export function resolveDatabase(url: string | undefined): ResolvedDatabase {
  const value = url?.trim() || DEFAULT_DATABASE_URL;
  if (value.startsWith("file:")) return { provider: "sqlite", url: value };
  if (/^postgres(ql)?:\/\//.test(value)) return { provider: "postgresql", url: value };
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgres://" (PostgreSQL); got "${value.split(":")[0]}:...".`,
  );
}

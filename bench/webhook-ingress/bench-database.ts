import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { resolveDatabase } from "../../app/db/database-url";
import { dropPostgresDatabase, migrateDatabase } from "../../scripts/lib/database";

export interface BenchDatabaseOptions {
  /** Put a SQLite database in WAL mode (it stays so: the journal mode is kept in the file). */
  sqliteWal?: boolean;
  /** The shop the deliveries come from: it gets the offline session an installed shop has. */
  installedShop: string;
}

function sqliteFile(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "").split("?")[0]!;
}

/** A fresh, migrated database holding one installed shop (Shop row + unexpired offline session). */
export async function prepareBenchDatabase(databaseUrl: string, options: BenchDatabaseOptions): Promise<void> {
  await removeBenchDatabase(databaseUrl);
  await migrateDatabase(databaseUrl, { quiet: true });
  const shop = options.installedShop;
  const sessionId = `offline_${shop}`;
  const expires = new Date(Date.now() + 24 * 3600 * 1000);
  if (resolveDatabase(databaseUrl).provider === "sqlite") {
    const db = new Database(sqliteFile(databaseUrl));
    try {
      if (options.sqliteWal) db.pragma("journal_mode = WAL");
      // Prisma's SQLite adapter writes DateTime as ISO 8601 with an explicit offset.
      const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");
      db.prepare(`insert into "Shop" ("domain", "status", "installedAt", "createdAt", "updatedAt") values (?, 'installed', ?, ?, ?)`).run(shop, iso(new Date()), iso(new Date()), iso(new Date()));
      db.prepare(`insert into "Session" ("id", "shop", "state", "isOnline", "scope", "expires", "accessToken", "refreshToken") values (?, ?, '', 0, ?, ?, 'bench-offline-token', 'bench-refresh-token')`).run(
        sessionId,
        shop,
        "read_orders,write_orders",
        iso(expires),
      );
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`insert into "Shop" ("domain", "status", "updatedAt") values ($1, 'installed', now())`, [shop]);
    await client.query(
      `insert into "Session" ("id", "shop", "state", "isOnline", "scope", "expires", "accessToken", "refreshToken") values ($1, $2, '', false, $3, $4, 'bench-offline-token', 'bench-refresh-token')`,
      [sessionId, shop, "read_orders,write_orders", expires],
    );
  } finally {
    await client.end();
  }
}

export async function removeBenchDatabase(databaseUrl: string): Promise<void> {
  if (resolveDatabase(databaseUrl).provider === "postgresql") {
    await dropPostgresDatabase(databaseUrl);
    return;
  }
  const file = sqliteFile(databaseUrl);
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}

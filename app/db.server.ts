import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient as PostgresPrismaClient } from "../prisma/generated/postgres/index.js";
import { getConfig } from "./config.server";
import { resolveDatabase } from "./db/database-url";

// Two generated clients share one model definition (prisma/schema.prisma): the SQLite one lives in
// @prisma/client, the PostgreSQL one in prisma/generated/postgres. Their APIs are identical, so the rest of
// the app uses the SQLite client's type for both.
export type Db = PrismaClient;

export function createDb(databaseUrl: string | undefined): Db {
  const database = resolveDatabase(databaseUrl);
  if (database.provider === "postgresql") {
    const adapter = new PrismaPg({ connectionString: database.url });
    return new PostgresPrismaClient({ adapter }) as unknown as Db;
  }
  return new PrismaClient({ adapter: withSqliteTuning(new PrismaBetterSQLite3({ url: database.url, timeout: 10_000 })) });
}

/**
 * better-sqlite3 is synchronous: every commit's fsync and every wait for another process's write lock stalls the
 * whole event loop. Write-ahead logging lets readers and the one writer proceed together, and synchronous=NORMAL
 * syncs at checkpoints instead of at every commit (a power cut can lose the last commits, never corrupt the file).
 * Measured with bench/webhook-ingress: see the README.
 */
function withSqliteTuning(factory: PrismaBetterSQLite3): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      return adapter;
    },
  };
}

declare global {
  var prismaGlobal: Db | undefined;
}

/** The process's one database client (kept on globalThis so development hot reloads reuse it). */
export function getDb(): Db {
  globalThis.prismaGlobal ??= createDb(getConfig().databaseUrl);
  return globalThis.prismaGlobal;
}

export default getDb;

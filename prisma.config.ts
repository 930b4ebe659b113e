import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabase } from "./app/db/database-url";

// Prisma's CLI (generate, migrate deploy/diff) reads this file. It picks the schema and the migrations of the
// database DATABASE_URL points at, and runs migrations through the JavaScript schema engine with a driver
// adapter, so nothing has to be downloaded.
const database = resolveDatabase(process.env.DATABASE_URL);
const folder = database.provider === "postgresql" ? "prisma/postgres" : "prisma";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(folder, "schema.prisma"),
  migrations: { path: path.join(folder, "migrations") },
  async adapter() {
    if (database.provider === "postgresql") {
      // 6.19's pg adapter cannot read the catalog types the migration engine asks for; 7's can.
      const { PrismaPg } = await import("@prisma/adapter-pg-migrate");
      return new PrismaPg({ connectionString: database.url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: database.url });
  },
});

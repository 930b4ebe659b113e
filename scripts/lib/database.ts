import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { resolveDatabase } from "../../app/db/database-url";

/** Creates the PostgreSQL database named in `url` when it does not exist yet. */
async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error("DATABASE_URL names no database (postgres://user@host:5432/<database>).");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL does not answer at ${target.host}: ${(error as Error).message}`);
  }
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
}

/** Brings the database at `url` to the latest committed migration (creating the file or database first). */
export async function migrateDatabase(url: string, options: { quiet?: boolean } = {}): Promise<void> {
  const database = resolveDatabase(url);
  if (database.provider === "sqlite") {
    const file = database.url.replace(/^file:/, "").split("?")[0] ?? "";
    if (file && file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } else {
    await ensurePostgresDatabase(database.url);
  }
  const result = spawnSync("prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: database.url, PATH: `${path.resolve("node_modules/.bin")}:${process.env.PATH}` },
    encoding: "utf8",
    stdio: options.quiet ? "pipe" : "inherit",
  });
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed for ${database.provider}:\n${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
}

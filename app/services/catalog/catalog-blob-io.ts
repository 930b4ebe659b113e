import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import pg from "pg";
import { getConfig } from "../../config.server";
import type { Db } from "../../db.server";
import { resolveDatabase, type ResolvedDatabase } from "../../db/database-url";

/**
 * The catalog file's bytes go through the database drivers directly, on a connection of their own to the database
 * the Prisma client uses: Prisma's driver adapters carry `Bytes` through JSON, which cost about 15 times the file's
 * size to write and 40 times to read; better-sqlite3 and pg take and give a Buffer, about the file's size.
 */
export interface CatalogFileRow {
  shop: string;
  gzip: Uint8Array;
  etag: string;
  generatedAt: Date;
  offers: number;
  buildId: string;
}

export interface CatalogFileBytes {
  etag: string;
  gzip: Buffer<ArrayBuffer>;
}

export interface CatalogBlobIo {
  /**
   * Stores the shop's file in one statement, inserting it or replacing the stored one when that was generated
   * earlier; false (nothing written) when the stored file is as recent or newer.
   */
  writeFile(file: CatalogFileRow): Promise<boolean>;
  readFile(shop: string): Promise<CatalogFileBytes | null>;
  /** Where the connection points, to compare with the Prisma client's database. */
  describeDatabase(): Promise<string>;
  close(): Promise<void>;
}

const COLUMNS = `"shop", "gzip", "etag", "generatedAt", "offers", "bytes", "buildId", "updatedAt"`;
const REPLACE_WHEN_NEWER = `ON CONFLICT ("shop") DO UPDATE SET "gzip" = excluded."gzip", "etag" = excluded."etag", "generatedAt" = excluded."generatedAt",
  "offers" = excluded."offers", "bytes" = excluded."bytes", "buildId" = excluded."buildId", "updatedAt" = excluded."updatedAt"
  WHERE "CatalogFile"."generatedAt" < excluded."generatedAt"`;

const SQLITE_BUSY_RETRY_MS = 20;
const SQLITE_BUSY_GIVE_UP_MS = 30_000;
/**
 * pg receives every value as text, bytea as hex (twice its size). The file is read as base64 slices decoded straight
 * into one buffer; at this size each slice's text is short-lived young garbage rather than a large heap object.
 */
const POSTGRES_READ_SLICE_BYTES = 64 * 1024;
// Cast: Prisma cannot read PostgreSQL's `name` type.
const SELECT_POSTGRES_IDENTITY = `SELECT CAST(current_database() AS text) AS "name", inet_server_port() AS "port"`;

/** Opens better-sqlite3 on the file Prisma's SQLite adapter opens (the URL without `file:`, relative to the cwd). */
export function createSqliteBlobIo(url: string): CatalogBlobIo {
  // No busy timeout: better-sqlite3 waits synchronously, which would freeze the event loop while a Prisma
  // transaction of this very process holds the lock. A busy database is retried after a timer instead.
  const sqlite = new Database(url.replace(/^file:/, ""), { fileMustExist: true, timeout: 0 });
  const insert = sqlite.prepare(`INSERT INTO "CatalogFile" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ${REPLACE_WHEN_NEWER}`);
  const select = sqlite.prepare<[string], { etag: string; gzip: Buffer<ArrayBuffer> }>(`SELECT "etag", "gzip" FROM "CatalogFile" WHERE "shop" = ?`);
  return {
    async writeFile(file) {
      const gzip = Buffer.from(file.gzip.buffer, file.gzip.byteOffset, file.gzip.byteLength);
      const args = [file.shop, gzip, file.etag, prismaSqliteDate(file.generatedAt), file.offers, gzip.byteLength, file.buildId, prismaSqliteDate(new Date())];
      return (await retryWhileSqliteBusy(() => insert.run(...args))).changes > 0;
    },
    async readFile(shop) {
      const row = await retryWhileSqliteBusy(() => select.get(shop));
      return row ? { etag: row.etag, gzip: row.gzip } : null;
    },
    async describeDatabase() {
      return sqliteMainFile(sqlite.pragma("database_list") as Array<{ name: string; file: string }>);
    },
    async close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** A small pool of its own on the same PostgreSQL database; idle connections never keep the process alive. */
export function createPostgresBlobIo(url: string): CatalogBlobIo {
  const pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
  pool.on("error", () => undefined); // an idle connection that dropped is replaced on the next query
  return {
    async writeFile(file) {
      const gzip = Buffer.from(file.gzip.buffer, file.gzip.byteOffset, file.gzip.byteLength);
      const result = await pool.query(
        `INSERT INTO "CatalogFile" (${COLUMNS}) VALUES ($1, $2, $3, CAST($4 AS timestamp(3)), $5, $6, $7, CAST($8 AS timestamp(3))) ${REPLACE_WHEN_NEWER}`,
        [file.shop, gzip, file.etag, file.generatedAt.toISOString(), file.offers, gzip.byteLength, file.buildId, new Date().toISOString()],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async readFile(shop) {
      const client = await pool.connect();
      try {
        // One snapshot for the slices: a build publishing meanwhile cannot mix two files.
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const file = await readPostgresFileInSlices(client, shop);
        await client.query("COMMIT");
        client.release();
        return file;
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    },
    async describeDatabase() {
      const result = await pool.query<{ name: string; port: number | null }>(SELECT_POSTGRES_IDENTITY);
      return describePostgres(result.rows[0]!);
    },
    async close() {
      await pool.end();
    },
  };
}

async function readPostgresFileInSlices(client: pg.PoolClient, shop: string): Promise<CatalogFileBytes | null> {
  const head = await client.query<{ etag: string; bytes: number }>(`SELECT "etag", octet_length("gzip") AS "bytes" FROM "CatalogFile" WHERE "shop" = $1`, [shop]);
  const row = head.rows[0];
  if (!row) return null;
  const gzip = Buffer.allocUnsafe(row.bytes);
  for (let offset = 0; offset < row.bytes; offset += POSTGRES_READ_SLICE_BYTES) {
    const slice = await client.query<{ part: string }>(`SELECT encode(substring("gzip" FROM $2 FOR $3), 'base64') AS "part" FROM "CatalogFile" WHERE "shop" = $1`, [
      shop,
      offset + 1,
      POSTGRES_READ_SLICE_BYTES,
    ]);
    const expected = Math.min(POSTGRES_READ_SLICE_BYTES, row.bytes - offset);
    const written = gzip.write(slice.rows[0]!.part, offset, expected, "base64");
    if (written !== expected) throw new Error(`The catalog file of ${shop} changed size while it was read; read it again.`);
  }
  return { etag: row.etag, gzip };
}

const openBlobIos = new Map<string, CatalogBlobIo>();
const checkedClients = new WeakMap<Db, Promise<void>>();

/**
 * The process's blob connection to its configured database (DATABASE_URL, the one `getDb()` opens), made on first
 * use. The first call for each Prisma client checks that both reach the same database.
 */
export async function getCatalogBlobIo(db: Db): Promise<CatalogBlobIo> {
  const database = resolveDatabase(getConfig().databaseUrl);
  let blobIo = openBlobIos.get(database.url);
  if (!blobIo) {
    blobIo = database.provider === "sqlite" ? createSqliteBlobIo(database.url) : createPostgresBlobIo(database.url);
    openBlobIos.set(database.url, blobIo);
  }
  let check = checkedClients.get(db);
  if (!check) {
    check = checkSameDatabase(db, database, blobIo);
    checkedClients.set(db, check);
    check.catch(() => checkedClients.delete(db));
  }
  await check;
  return blobIo;
}

/** Closes the blob connections; call it where the Prisma client is disconnected (process shutdown, test teardown). */
export async function closeCatalogBlobIo(): Promise<void> {
  const blobIos = [...openBlobIos.values()];
  openBlobIos.clear();
  await Promise.all(blobIos.map((blobIo) => blobIo.close()));
}

async function checkSameDatabase(db: Db, database: ResolvedDatabase, blobIo: CatalogBlobIo): Promise<void> {
  const prismaSide =
    database.provider === "sqlite"
      ? sqliteMainFile(await db.$queryRawUnsafe<Array<{ name: string; file: string }>>(`PRAGMA database_list`))
      : describePostgres((await db.$queryRawUnsafe<Array<{ name: string; port: number | null }>>(SELECT_POSTGRES_IDENTITY))[0]!);
  const blobSide = await blobIo.describeDatabase();
  if (prismaSide !== blobSide) {
    throw new Error(
      `The catalog file store writes to DATABASE_URL (${blobSide}) but was given a database client for ${prismaSide}: create the client from the same DATABASE_URL.`,
    );
  }
}

function sqliteMainFile(databases: Array<{ name: string; file: string }>): string {
  return `sqlite ${databases.find((database) => database.name === "main")?.file ?? "?"}`;
}

function describePostgres(row: { name: string; port: number | null }): string {
  return `postgresql ${row.name} port ${row.port ?? "socket"}`;
}

/** The text Prisma's SQLite adapter stores a DateTime as, so the stored values keep comparing in order. */
function prismaSqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

async function retryWhileSqliteBusy<T>(operation: () => T): Promise<T> {
  const giveUpAt = Date.now() + SQLITE_BUSY_GIVE_UP_MS;
  for (;;) {
    try {
      return operation();
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > giveUpAt) throw error;
      await sleep(SQLITE_BUSY_RETRY_MS);
    }
  }
}

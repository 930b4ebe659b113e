import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { dropPostgresDatabase, migrateDatabase } from "../scripts/lib/database";
import { ensureRedis } from "../scripts/lib/redis";

// One fresh, migrated database per test run. TEST_DB picks which kind: sqlite (default) or postgres.
export default async function setup(project: TestProject) {
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
  await ensureRedis(process.env.REDIS_URL);

  const run = randomUUID().slice(0, 8);
  const kind = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
  const url =
    kind === "postgres"
      ? `${(process.env.TEST_POSTGRES_URL ?? "postgres://root@127.0.0.1:5432/postgres").replace(/\/[^/]*$/, "")}/connector_test_${run}`
      : `file:./var/test/run-${run}.sqlite`;
  await migrateDatabase(url, { quiet: true });
  process.env.DATABASE_URL = url;
  project.provide("databaseUrl", url);
  project.provide("databaseKind", kind);

  return async () => {
    if (kind === "postgres") await dropPostgresDatabase(url);
    else for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(url.replace(/^file:/, "") + suffix, { force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "sqlite" | "postgres";
  }
}

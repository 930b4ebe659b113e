// Creates a migration for both databases from the change to prisma/schema.prisma since the last commit:
//   npm run db:migration -- add_catalog_file
// It diffs the committed schema against the working one (no database or shadow database needed).
import { execFileSync, execSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}
execSync("tsx scripts/db-schema.ts", { stdio: "inherit" });

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const tmp = mkdtempSync(path.join(tmpdir(), "migration-"));
const targets = [
  { schema: "prisma/schema.prisma", migrations: "prisma/migrations", url: "file:./var/migration-scratch.sqlite" },
  { schema: "prisma/postgres/schema.prisma", migrations: "prisma/postgres/migrations", url: "postgres://localhost/unused" },
];
for (const target of targets) {
  const previous = path.join(tmp, path.basename(path.dirname(target.schema)) + ".prisma");
  writeFileSync(previous, execFileSync("git", ["show", `HEAD:${target.schema}`]));
  const sql = execFileSync(
    "prisma",
    ["migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", target.schema, "--script"],
    { env: { ...process.env, DATABASE_URL: target.url }, encoding: "utf8" },
  );
  const folder = path.join(target.migrations, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "migration.sql"), sql);
  console.log(`wrote ${folder}/migration.sql`);
}

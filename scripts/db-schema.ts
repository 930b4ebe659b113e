// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (the one model definition).
// `--check` exits non-zero when the committed PostgreSQL schema is out of date.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

const source = readFileSync("prisma/schema.prisma", "utf8");
const header = "// GENERATED from prisma/schema.prisma by `npm run db:schema`. Edit that file instead.\n";
const postgres =
  header +
  source
    .replace(/^\/\/ The one model definition[\s\S]*?\n\n/m, "")
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(/(engineType\s+= "client")/, '$1\n  output          = "../generated/postgres"');

const target = "prisma/postgres/schema.prisma";
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    /* missing counts as stale */
  }
  if (current !== postgres) {
    console.error(`${target} is out of date: run npm run db:schema and commit the result.`);
    process.exit(1);
  }
} else {
  mkdirSync("prisma/postgres", { recursive: true });
  writeFileSync(target, postgres);
  console.log(`wrote ${target}`);
}

#!/usr/bin/env node
// `npm run migrate:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the schema as of the last migration (prisma/migrations/schema.snapshot.prisma)
// to prisma/schema.prisma, then updates the snapshot. `prisma migrate dev` cannot run offline
// here (its shadow database replay fails through driver adapters), so this replaces it.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const name = (process.argv[2] || "").toLowerCase();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run migrate:new -- <name_in_snake_case>");
  process.exit(1);
}
const snapshot = "prisma/migrations/schema.snapshot.prisma";
const sql = execFileSync(
  path.resolve("node_modules/.bin/prisma"),
  ["migrate", "diff", "--from-schema-datamodel", snapshot, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", env: { ...process.env, DATABASE_URL: "pglite:memory", CHECKPOINT_DISABLE: "1" } },
);
if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
  console.log("schema.prisma matches the last migration: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync("prisma/schema.prisma", snapshot);
console.log(`Wrote ${dir}/migration.sql and updated ${snapshot}.`);

import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

export interface Migration {
  name: string;
  sql: string;
  /** Prisma's checksum: SHA-256 of the file, hex. */
  checksum: string;
}

/** Every migration in prisma/migrations, in the order Prisma applies them. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrationTarget {
  exec(sql: string): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
}

// Prisma Migrate's own bookkeeping table, so `prisma migrate deploy`/`status` agree afterwards.
const PRISMA_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  );`;

/** Each migration Prisma Migrate recorded as applied (and not rolled back), with its checksum. */
async function appliedChecksums(target: Pick<MigrationTarget, "query">) {
  const done = await target.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Map(done.map((row) => [row.migration_name, row.checksum]));
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Applies pending migrations in-process, each in one transaction, recorded exactly as Prisma
 * Migrate records them. The embedded database uses this: it opens and closes PGlite cleanly in
 * the same process, where the Prisma CLI's exit can leave the data directory needing recovery.
 * PostgreSQL servers use `prisma migrate deploy` (same files, same table).
 */
export async function applyMigrations(target: MigrationTarget, migrations = readMigrations()) {
  await target.exec(PRISMA_MIGRATIONS_TABLE);
  const applied = await appliedChecksums(target);
  const ran: string[] = [];
  for (const migration of migrations) {
    const previous = applied.get(migration.name);
    if (previous !== undefined) {
      if (previous !== migration.checksum) {
        throw new Error(`Migration ${migration.name} was edited after it was applied (checksum differs).`);
      }
      continue;
    }
    await target.exec(
      `BEGIN;\n${migration.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES (${literal(randomUUID())}, ${literal(migration.checksum)}, ${literal(migration.name)}, now(), now(), 1);\nCOMMIT;`,
    );
    ran.push(migration.name);
  }
  return ran;
}

/**
 * Migrations in prisma/migrations that the database has not recorded as applied (all of them on
 * an empty database); an applied migration whose file changed since is reported too.
 */
export async function pendingMigrations(target: Pick<MigrationTarget, "query">, migrations = readMigrations()) {
  const [{ exists }] = await target.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
  if (!exists) return migrations.map((m) => m.name);
  const applied = await appliedChecksums(target);
  return migrations.filter((m) => applied.get(m.name) !== m.checksum).map((m) => m.name);
}

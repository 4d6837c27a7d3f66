import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "../app/db/migrations.server";
import { createTestDatabase, type TestDatabase } from "./support/database";

// A description of everything Prisma's schema produces in the database, in a stable order.
const CATALOG_SNAPSHOT = `
  SELECT 'column' AS kind, table_name || '.' || column_name AS name,
         concat_ws(' ', data_type, udt_name, character_maximum_length, numeric_precision,
                   numeric_scale, is_nullable, column_default) AS detail
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
  UNION ALL
  SELECT 'index', tablename || '.' || indexname, indexdef
    FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  UNION ALL
  SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
     AND conrelid::regclass::text <> '_prisma_migrations'
  UNION ALL
  SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
  ORDER BY 1, 2`;

function schemaFromScratchSql(): string {
  return execFileSync(
    path.resolve("node_modules/.bin/prisma"),
    ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { env: { ...process.env, DATABASE_URL: "pglite:memory", CHECKPOINT_DISABLE: "1" }, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
}

describe("migrations", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.destroy();
  });

  it("applying every migration to an empty database yields exactly schema.prisma", async () => {
    const migrated = await createTestDatabase({ install: false });
    const fromSchema = await createTestDatabase({ migrate: false, install: false });
    databases.push(migrated, fromSchema);
    await fromSchema.exec(schemaFromScratchSql());

    const snapshot = (db: TestDatabase) => db.prisma.$queryRawUnsafe<Record<string, string>[]>(CATALOG_SNAPSHOT);
    const [actual, expected] = await Promise.all([snapshot(migrated), snapshot(fromSchema)]);
    expect(expected.length).toBeGreaterThan(50);
    expect(actual).toEqual(expected);
  }, 60_000);

  it("keeps migrations in timestamped folders with a migration.sql each", () => {
    const scripts = readMigrations();
    expect(scripts.length).toBeGreaterThan(0);
    for (const m of scripts) {
      expect(m.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(m.sql.trim().length).toBeGreaterThan(0);
    }
  });

  it("records migrations as Prisma Migrate does, applies each once, and refuses an edited one", async () => {
    const db = await createTestDatabase({ install: false });
    databases.push(db);
    const target = { exec: db.exec, query: <T,>(sql: string) => db.prisma.$queryRawUnsafe<T[]>(sql) };
    const rows = await target.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum, applied_steps_count: 1 })));
    expect(await applyMigrations(target)).toEqual([]);
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(applyMigrations(target, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    "leaves a PostgreSQL database that `prisma migrate status` reports as up to date",
    async () => {
      const db = await createTestDatabase({ install: false });
      databases.push(db);
      const out = execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "status"], {
        env: { ...process.env, DATABASE_URL: db.url, CHECKPOINT_DISABLE: "1" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(out).toContain("Database schema is up to date");
    },
    60_000,
  );
});

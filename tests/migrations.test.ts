import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "../app/db/migrations.server";
import { RAW_ONLY_INDEXES, rawIndexDef } from "../app/db/raw-schema";
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

type CatalogRow = { kind: string; name: string; detail: string | null };

const snapshot = (db: TestDatabase) => db.prisma.$queryRawUnsafe<CatalogRow[]>(CATALOG_SNAPSHOT);

/**
 * How the catalog the migrations built differs from the one schema.prisma builds, allowing
 * exactly the declared raw-only indexes (app/db/raw-schema.ts) with exactly their definitions:
 * rows only the migrations have (`unexpected`), rows only the schema has or a declared index
 * missing or defined otherwise (`missing`).
 */
function catalogDrift(migrated: CatalogRow[], fromSchema: CatalogRow[]) {
  const key = (row: CatalogRow) => JSON.stringify([row.kind, row.name, row.detail]);
  const declared = RAW_ONLY_INDEXES.map((index) => ({ kind: "index", name: `${index.table}.${index.name}`, detail: rawIndexDef(index) }));
  const expected = new Set([...fromSchema, ...declared].map(key));
  const actual = new Set(migrated.map(key));
  return {
    unexpected: migrated.filter((row) => !expected.has(key(row))),
    missing: [...fromSchema, ...declared].filter((row) => !actual.has(key(row))),
  };
}

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

  it("applying every migration to an empty database yields exactly schema.prisma and the declared raw-only indexes", async () => {
    const migrated = await createTestDatabase({ install: false });
    const fromSchema = await createTestDatabase({ migrate: false, install: false });
    databases.push(migrated, fromSchema);
    await fromSchema.exec(schemaFromScratchSql());

    const [actual, expected] = await Promise.all([snapshot(migrated), snapshot(fromSchema)]);
    expect(expected.length).toBeGreaterThan(50);
    expect(catalogDrift(actual, expected)).toEqual({ unexpected: [], missing: [] });

    // The allowance is for those indexes as declared, nothing else: any other difference still fails.
    await migrated.exec(`
      CREATE INDEX "Influencer_email_idx" ON "Influencer"("email");
      DROP INDEX "Campaign_shopId_lower_name_key";
      CREATE UNIQUE INDEX "Campaign_shopId_lower_name_key" ON "Campaign"(lower("name"));
      ALTER TABLE "Campaign" ADD COLUMN "notes" TEXT;`);
    const drift = catalogDrift(await snapshot(migrated), expected);
    expect(drift.unexpected.map((row) => row.name).sort()).toEqual(["Campaign.Campaign_shopId_lower_name_key", "Campaign.notes", "Influencer.Influencer_email_idx"]);
    expect(drift.missing.map((row) => row.name)).toEqual(["Campaign.Campaign_shopId_lower_name_key"]);
  }, 180_000); // Two fresh databases and the Prisma CLI: minutes on a busy 2-core machine.

  it("resolves rows that break the raw-only unique indexes before creating them", async () => {
    const db = await createTestDatabase({ migrate: false, install: false });
    databases.push(db);
    const target = { exec: db.exec, query: <T,>(sql: string) => db.prisma.$queryRawUnsafe<T[]>(sql) };
    const all = readMigrations();
    const at = all.findIndex((m) => m.name.endsWith("_case_insensitive_names_one_rule_per_owner"));
    expect(at).toBeGreaterThan(0);
    await applyMigrations(target, all.slice(0, at));
    await db.exec(`
      INSERT INTO "Shop" (id, domain, name, "updatedAt") VALUES ('s1', 'one.myshopify.com', 'One', now()), ('s2', 'two.myshopify.com', 'Two', now());
      INSERT INTO "Influencer" (id, "shopId", name, "createdAt", "updatedAt") VALUES
        ('i1', 's1', 'Jane', '2026-01-01', '2026-01-01'),
        ('i2', 's1', 'JANE', '2026-01-02', '2026-01-02'),
        ('i3', 's1', 'jane', '2026-01-02', '2026-01-02'),
        ('i4', 's1', 'Jane (2)', '2026-01-03', '2026-01-03'),
        ('i5', 's2', 'jane', '2026-01-01', '2026-01-01');
      INSERT INTO "Campaign" (id, "shopId", name, "startsOn", "createdAt", "updatedAt") VALUES
        ('c1', 's1', 'Spring', '2026-03-01', '2026-01-01', '2026-01-01'),
        ('c2', 's1', 'SPRING', '2026-03-01', '2026-01-01', '2026-01-01');
      INSERT INTO "CommissionRule" (id, "shopId", "influencerId", "campaignId", kind, rate, "createdAt") VALUES
        ('r1', 's1', 'i1', NULL, 'FIXED_PER_ORDER', 1, '2026-01-01'),
        ('r2', 's1', 'i1', NULL, 'FIXED_PER_ORDER', 2, '2026-01-05'),
        ('r3', 's1', 'i1', NULL, 'FIXED_PER_ORDER', 3, '2026-01-03'),
        ('r4', 's1', NULL, 'c1', 'FIXED_PER_ORDER', 4, '2026-01-01'),
        ('r5', 's1', NULL, 'c1', 'FIXED_PER_ORDER', 5, '2026-01-01'),
        ('r6', 's1', 'i1', 'c1', 'FIXED_PER_ORDER', 6, '2026-01-01'),
        ('r7', 's1', NULL, NULL, 'FIXED_PER_ORDER', 7, '2026-01-01');`);
    expect(await applyMigrations(target, all)).toEqual(all.slice(at).map((m) => m.name));

    const names = (table: string) => target.query<{ id: string; name: string }>(`SELECT id, name FROM "${table}" ORDER BY id`);
    // The oldest keeps the name (ties by id); later variants take the first free suffix.
    expect(await names("Influencer")).toEqual([
      { id: "i1", name: "Jane" },
      { id: "i2", name: "JANE (3)" },
      { id: "i3", name: "jane (4)" },
      { id: "i4", name: "Jane (2)" },
      { id: "i5", name: "jane" },
    ]);
    expect(await names("Campaign")).toEqual([
      { id: "c1", name: "Spring" },
      { id: "c2", name: "SPRING (2)" },
    ]);
    // Each owner keeps its newest rule (the one the ledger applies); other owners' rules stay.
    expect((await target.query<{ id: string }>(`SELECT id FROM "CommissionRule" ORDER BY id`)).map((r) => r.id)).toEqual(["r2", "r5", "r6", "r7"]);
  }, 180_000); // Two fresh databases and the Prisma CLI: minutes on a busy 2-core machine.

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
    180_000,
  );
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareFunctions, fileFunctions, installedFunctions, readSqlFunctionFiles } from "../../scripts/lib/sql-functions.mjs";
import { createTestDatabase, type TestDatabase } from "../support/database";

// prisma/sql/functions is the one source of the database's functions (decision 026): what the
// migrations install must be exactly what those files define, every installed function must have
// its file, and every file's function must be installed. A migration that changes a function
// without its file (or a file changed without `npm run sql:migration`) fails here.
describe("prisma/sql/functions", () => {
  let db: TestDatabase;
  let target: { exec(sql: string): Promise<void>; query(sql: string): Promise<Record<string, string>[]> };
  beforeAll(async () => {
    db = await createTestDatabase({ install: false });
    target = { exec: db.exec, query: (sql) => db.prisma.$queryRawUnsafe(sql) };
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
  });

  const differences = async () => compareFunctions(await installedFunctions(target), await fileFunctions(target));

  it("are exactly the functions the migrations install", async () => {
    const files = readSqlFunctionFiles();
    expect(files.map((f) => f.name)).toContain("codetrail_apply");
    expect(await differences()).toEqual({ changed: [], notInstalled: [], withoutFile: [] });
  });

  it("fails naming a function a later migration changed or added without a file, or dropped", async () => {
    // What a new migration could do: another body for a function, a function with no file, and
    // a file's function gone.
    await target.exec(`
      CREATE OR REPLACE FUNCTION codetrail_commission(p_kind TEXT, p_rate NUMERIC, p_orders INTEGER, p_net NUMERIC)
      RETURNS NUMERIC LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN 0; END $$;
      CREATE FUNCTION codetrail_scratch(p INTEGER) RETURNS INTEGER LANGUAGE sql AS $$ SELECT p $$;
      DROP FUNCTION codetrail_redact_customer(TEXT, BIGINT, BIGINT[]);`);
    try {
      expect(await differences()).toEqual({
        changed: ["codetrail_commission(p_kind text, p_rate numeric, p_orders integer, p_net numeric)"],
        notInstalled: ["codetrail_redact_customer(p_shop text, p_customer bigint, p_orders bigint[])"],
        withoutFile: ["codetrail_scratch(p integer)"],
      });
    } finally {
      // Put back what the migrations installed (no transaction: on PostgreSQL exec takes any pooled connection).
      const files = readSqlFunctionFiles().filter((f) => ["codetrail_commission", "codetrail_redact_customer"].includes(f.name));
      await target.exec(`DROP FUNCTION IF EXISTS codetrail_scratch(INTEGER);\n${files.map((f) => f.sql).join("\n;\n")}`);
    }
    expect(await differences()).toEqual({ changed: [], notInstalled: [], withoutFile: [] });
  });

  it("ignore whitespace but not a changed word, and refuse a file defining another function", async () => {
    const files = readSqlFunctionFiles();
    const commission = files.find((f) => f.name === "codetrail_commission")!;
    const installed = await installedFunctions(target);
    const respaced = { ...commission, sql: commission.sql.replace(/\n {2}/g, "\n      ") };
    expect(compareFunctions(installed, await fileFunctions(target, [respaced])).changed).toEqual([]);
    const edited = { ...commission, sql: commission.sql.replace("0.01", "0.02") };
    expect(edited.sql).not.toBe(commission.sql);
    expect(compareFunctions(installed, await fileFunctions(target, [edited])).changed).toHaveLength(1);
    const misnamed = { ...commission, name: "codetrail_other" };
    await expect(fileFunctions(target, [misnamed])).rejects.toThrow(/one function per file, named like the file/);
  });
});

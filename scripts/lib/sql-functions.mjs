// The database functions' single source (docs/decisions/026-sql-functions-single-source.md):
// prisma/sql/functions/<name>.sql holds each function once, as one CREATE OR REPLACE FUNCTION
// statement (comments before it are free). Shared by the sql:migration script, which writes the
// migration that installs the files that changed, and tests/migrations/sql-functions.test.ts,
// which fails when what the migrations install differs from the files.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const SQL_FUNCTIONS_DIR = path.resolve(process.cwd(), "prisma/sql/functions");

/** Every prisma/sql/functions file: { name (file name without .sql), file, sql }, by name. */
export function readSqlFunctionFiles(dir = SQL_FUNCTIONS_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => ({ name: f.slice(0, -4), file: path.join(dir, f), sql: readFileSync(path.join(dir, f), "utf8") }));
}

// Each function of a schema with its identity (name and argument types), its result and its whole
// definition as the catalog prints it; functions extensions own are not the project's.
const FUNCTIONS_OF = (schema) => `
  SELECT p.proname::text AS name, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS identity,
         pg_get_function_result(p.oid) AS result, pg_get_functiondef(p.oid) AS definition
    FROM pg_proc p
   WHERE p.pronamespace = '${schema}'::regnamespace AND p.prokind IN ('f', 'p')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
   ORDER BY 2`;

/** One definition as compared: schema name dropped, whitespace runs made one space. */
export function normaliseDefinition(definition, schema) {
  return definition
    .replace(new RegExp(`^(CREATE OR REPLACE (?:FUNCTION|PROCEDURE) )"?${schema}"?\\.`), "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** The functions installed in the public schema: Map identity → { name, identity, result, definition }. */
export async function installedFunctions(db) {
  const rows = await db.query(FUNCTIONS_OF("public"));
  return new Map(rows.map((r) => [r.identity, { ...r, definition: normaliseDefinition(r.definition, "public") }]));
}

const SCRATCH_SCHEMA = "codetrail_sql_files";

/**
 * The functions the files define, as the database itself prints them: each file runs in a scratch
 * schema first on the search path (so it creates its function there, next to the installed one),
 * bodies unchecked (they may call functions of files not run yet). Throws naming a file that does
 * not run or that defines a function not named like the file.
 * `db` has exec(sql) and query(sql) → rows.
 */
export async function fileFunctions(db, files = readSqlFunctionFiles()) {
  const defined = new Map();
  // Restored as they were, not RESET: the session's search path may differ from the server default.
  const [{ search_path: searchPath, check_function_bodies: checkBodies }] = await db.query(
    `SELECT current_setting('search_path') AS search_path, current_setting('check_function_bodies') AS check_function_bodies`,
  );
  const restore = `SELECT set_config('search_path', '${searchPath.replace(/'/g, "''")}', false), set_config('check_function_bodies', '${checkBodies}', false);`;
  await db.exec(`DROP SCHEMA IF EXISTS ${SCRATCH_SCHEMA} CASCADE; CREATE SCHEMA ${SCRATCH_SCHEMA};`);
  try {
    for (const file of files) {
      try {
        await db.exec(`SET check_function_bodies = off; SET search_path = ${SCRATCH_SCHEMA}, public;\n${file.sql}\n;${restore}`);
      } catch (error) {
        await db.exec(restore).catch(() => {});
        throw new Error(`prisma/sql/functions/${file.name}.sql does not run: ${error instanceof Error ? error.message : error}`);
      }
      for (const row of await db.query(FUNCTIONS_OF(SCRATCH_SCHEMA))) {
        if (defined.has(row.identity)) continue;
        if (row.name !== file.name) {
          throw new Error(`prisma/sql/functions/${file.name}.sql defines ${row.identity}: one function per file, named like the file.`);
        }
        defined.set(row.identity, { ...row, file: file.name, sql: file.sql, definition: normaliseDefinition(row.definition, SCRATCH_SCHEMA) });
      }
      if (![...defined.values()].some((f) => f.file === file.name)) {
        throw new Error(`prisma/sql/functions/${file.name}.sql defines no function named ${file.name}.`);
      }
    }
  } finally {
    await db.exec(`DROP SCHEMA IF EXISTS ${SCRATCH_SCHEMA} CASCADE;`);
  }
  return defined;
}

/**
 * How the installed functions differ from the files: `changed` (installed, defined otherwise by
 * its file), `notInstalled` (a file's function the database lacks), `withoutFile` (installed, no file).
 */
export function compareFunctions(installed, fromFiles) {
  const changed = [];
  const notInstalled = [];
  for (const [identity, f] of fromFiles) {
    const current = installed.get(identity);
    if (!current) notInstalled.push(identity);
    else if (current.definition !== f.definition) changed.push(identity);
  }
  const withoutFile = [...installed.keys()].filter((identity) => !fromFiles.has(identity));
  return { changed, notInstalled, withoutFile };
}

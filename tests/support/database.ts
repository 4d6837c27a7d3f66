import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, installDatabase, disconnectDatabase } from "../../app/db.server";
import { applyMigrations } from "../../app/db/migrations.server";


export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server in TEST_DATABASE_URL (`npm run test:postgres`) or `serverUrl`, dropped afterwards.
 * It becomes the app's database (db.server) so route modules run against it unchanged.
 */
export async function createTestDatabase({ migrate = true, install = true, serverUrl = process.env.TEST_DATABASE_URL } = {}) {
  let dropDatabase = async () => {};
  let db: ReturnType<typeof createDatabase>;
  let url: string | undefined;
  if (serverUrl) {
    const name = `codetrail_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(serverUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    db = createDatabase({ kind: "postgres", url });
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  } else {
    db = createDatabase({ kind: "pglite", dataDir: undefined });
  }
  if (migrate) await applyMigrations(db);
  if (install) installDatabase(db);
  return {
    prisma: db.client,
    exec: db.exec,
    url,
    async destroy() {
      if (install) await disconnectDatabase();
      else await db.disconnect();
      await dropDatabase();
    },
  };
}

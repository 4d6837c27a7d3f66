import "./prisma/pg-name-type-fix";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { defineConfig } from "prisma/config";
import { createDriverAdapter, resolveDatabaseTarget } from "./app/db/adapter.server";

type Queryable = { query(sql: string): Promise<unknown> };

/**
 * @prisma/adapter-pg 6.19 runs a migration script by splitting it at every ";", which breaks any
 * statement with a semicolon inside (a PL/pgSQL function body, a string literal). PostgreSQL runs
 * a multi-statement script sent as one simple query, so the CLI sends it whole, on the adapter's
 * own pool. PGlite's adapter already runs scripts whole.
 */
function sendScriptsWhole(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const pool = (adapter as unknown as { client?: Partial<Queryable> }).client;
    if (typeof pool?.query === "function") {
      const queryable = pool as Queryable;
      adapter.executeScript = async (script: string) => {
        await queryable.query(script);
      };
    }
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => patch(await connect());
  factory.connectToShadowDb = async () => patch(await connectToShadowDb());
  return factory;
}

// The Prisma CLI runs without engine binaries (this machine cannot download them): the
// migration engine talks to the database through the same driver adapter as the app.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const target = resolveDatabaseTarget();
    if (target.kind === "pglite") process.env.PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK ??= "1";
    const { adapter } = createDriverAdapter(target);
    return target.kind === "postgres" ? sendScriptsWhole(adapter) : adapter;
  },
});

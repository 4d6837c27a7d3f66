import "./prisma/pg-name-type-fix";
import { defineConfig } from "prisma/config";
import { createDriverAdapter, resolveDatabaseTarget } from "./app/db/adapter.server";

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
    return createDriverAdapter(target).adapter;
  },
});

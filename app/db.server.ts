import { PrismaClient } from "./generated/prisma/client";
import {
  createDriverAdapter,
  describeDatabaseTarget,
  resolveDatabaseTarget,
  type DatabaseTarget,
} from "./db/adapter.server";

export type Database = PrismaClient;

export function createDatabase(target: DatabaseTarget = resolveDatabaseTarget()) {
  const { adapter, close, exec, query: driverQuery } = createDriverAdapter(target);
  const client = new PrismaClient({ adapter });
  return {
    kind: target.kind,
    client,
    exec,
    query: <T>(sql: string) => client.$queryRawUnsafe<T[]>(sql),
    /** The driver itself, outside Prisma: for the webhook ledger's group commit only (decision 013). */
    driverQuery,
    description: describeDatabaseTarget(target),
    /**
     * Write statements worth running at once: PGlite has one connection; on PostgreSQL two batches
     * in flight per process keep a 2-core server busy while each waits for its commit.
     */
    writeConcurrency: target.kind === "pglite" ? 1 : Math.max(1, Number(process.env.LEDGER_BATCH_CONCURRENCY ?? 2)),
    async disconnect() {
      await client.$disconnect();
      await close();
    },
  };
}

// One Prisma client per process. Kept on globalThis so Vite's dev reloads do not open a second
// PGlite instance on the same data directory (PGlite is single-process, single-connection).
const globalForDb = globalThis as unknown as { codetrailDb?: ReturnType<typeof createDatabase> };

export function database() {
  globalForDb.codetrailDb ??= createDatabase();
  return globalForDb.codetrailDb;
}

const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = database().client;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export default prisma;

export async function disconnectDatabase() {
  const db = globalForDb.codetrailDb;
  globalForDb.codetrailDb = undefined;
  await db?.disconnect();
}

/** Lets tests (and the demo bootstrap) hand the app a database they created themselves. */
export function installDatabase(db: ReturnType<typeof createDatabase>) {
  globalForDb.codetrailDb = db;
}

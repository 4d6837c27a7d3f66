import type { Env } from "../lib/env";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { log } from "../lib/logger.server";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * The one place that knows which database runs. A postgres URL in DATABASE_URL means a real
 * PostgreSQL server; anything else means the embedded PGlite database under DATA_DIR.
 */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string | undefined };

export function resolveDatabaseTarget(env: Env = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return { kind: "postgres", url };
  if (url && url !== "" && !url.startsWith("pglite:")) {
    throw new Error(
      `DATABASE_URL must be a postgres:// URL or pglite:<dir> (got "${url.split(":")[0]}:…"). ` +
        "Leave it unset to use the embedded database under DATA_DIR.",
    );
  }
  const explicit = url?.slice("pglite:".length);
  if (explicit === "memory") return { kind: "pglite", dataDir: undefined };
  const dataDir = explicit || path.join(env.DATA_DIR || ".data", "pglite");
  return { kind: "pglite", dataDir: path.resolve(dataDir) };
}

export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `embedded PGlite (${target.dataDir ?? "in memory"})`;
  const safe = new URL(target.url);
  safe.password = safe.password ? "***" : "";
  return `PostgreSQL (${safe.toString()})`;
}

export interface DriverAdapterHandle {
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** Runs a multi-statement SQL script outside Prisma (migrations in tests and tools). */
  exec(sql: string): Promise<void>;
  /**
   * One parameterised statement on the same connections as Prisma, without Prisma's query
   * handling (about 0.37 ms of CPU less per statement): for the webhook ledger's hot path only.
   */
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * DATABASE_STATEMENT_TIMEOUT_MS (PostgreSQL only): the longest one statement may run, default
 * 30,000 ms; 0 turns the limit off. The webhook answers a statement cancelled by it with 503 and
 * Retry-After (nothing was committed; Shopify retries).
 */
export function statementTimeoutMs(env: Env = process.env): number {
  const raw = env.DATABASE_STATEMENT_TIMEOUT_MS?.trim();
  if (!raw) return 30_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds, 0 for none (got "${raw}")`);
  return ms;
}

export function createDriverAdapter(target: DatabaseTarget): DriverAdapterHandle {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // A statement stuck behind a lock or an overloaded server is cancelled (and its transaction
      // rolled back) rather than holding a connection forever; decision 022.
      statement_timeout: statementTimeoutMs(),
    });
    // An idle connection the server closes (a restart, a failover, a dropped database) is
    // reported on the pool; without a listener that would end the process. The pool replaces it.
    pool.on("error", (error) => log.warn({ err: error }, "PostgreSQL connection lost while idle"));
    const adapter = new PrismaPg(pool);
    return {
      adapter,
      query: async <T,>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[],
      async exec(sql) {
        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        try {
          await client.query(sql);
        } finally {
          await client.end();
        }
      },
      close: () => pool.end(),
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = new PGlite(target.dataDir);
  return {
    // pglite-prisma-adapter 0.6 is typed against driver-adapter-utils 6.10; the adapter protocol
    // it implements is the one Prisma 6.19 speaks (verified by every test run on PGlite).
    adapter: new PrismaPGlite(client) as unknown as SqlMigrationAwareDriverAdapterFactory,
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <T,>(sql: string, params: unknown[]) => (await client.query<T>(sql, params)).rows,
    close: () => client.close(),
  };
}

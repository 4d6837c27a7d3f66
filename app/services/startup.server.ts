import { database } from "../db.server";
import { applyMigrations, pendingMigrations } from "../db/migrations.server";
import { log } from "../lib/logger.server";
import { startDailySummaryScheduler } from "./daily-summary.server";
import { startJobWorker } from "./jobs.server";
import { startReconcileScheduler } from "./reconcile.server";

/**
 * The schema is current before anything reads a table. The embedded database belongs to this one
 * process, so it migrates itself; a PostgreSQL server is migrated once per deploy by
 * `npm run migrate:deploy` (several instances must not race to do it), so a server behind on its
 * migrations is refused with the command to run instead of failing on its first request.
 */
export async function prepareDatabase(db = database()) {
  if (db.kind === "pglite") {
    const ran = await applyMigrations(db);
    if (ran.length) log.info({ migrations: ran }, "applied migrations");
    return;
  }
  const pending = await pendingMigrations(db);
  if (pending.length) {
    throw new Error(
      `The database is missing ${pending.length} migration(s) (${pending.join(", ")}). ` +
        "Run `npm run migrate:deploy` before `npm start`.",
    );
  }
}

/**
 * Called by server.mjs before it listens: migrations first, then the background work that reads
 * the tables (jobs, hourly reconciliation), then requests.
 */
export async function startServer() {
  await prepareDatabase();
  if (process.env.CODETRAIL_JOB_WORKER !== "off") {
    // Background jobs run in every server process; the queue hands each job to one of them.
    startJobWorker();
    // Queues each installed shop's hourly reconciliation (one process wins each shop's turn).
    startReconcileScheduler();
    // Queues each shop's daily summary for its owner once its morning has come.
    startDailySummaryScheduler();
  }
}

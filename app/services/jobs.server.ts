import prisma from "../db.server";
import type { BackgroundJob, Prisma } from "../generated/prisma/client";
import { log } from "../lib/logger.server";

/**
 * A durable job queue in the app's own database: no extra infrastructure on the embedded
 * database, and on PostgreSQL several app processes share the work. A job is claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease (`lockedUntil`); a process that dies mid-job lets the lease
 * expire and another process resumes it. Handlers must be idempotent and record progress as they
 * go, so that a resumed job continues rather than repeats.
 */
export interface JobContext {
  job: BackgroundJob;
  /** Records progress (and renews the lease). */
  progress(update: { done?: number; failed?: number; total?: number; result?: Prisma.InputJsonValue }): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<Prisma.InputJsonValue | void>;

/**
 * Thrown by a handler that is waiting on something outside (a Shopify bulk operation): the job goes
 * back to the queue to run again after `delayMs`, without counting as a failed attempt. What it
 * saved with `progress` stays.
 */
export class RescheduleJob extends Error {
  constructor(readonly delayMs: number) {
    super(`waiting ${delayMs} ms`);
  }
}

const handlers = new Map<string, JobHandler>();
const LEASE_SECONDS = 120;

export function registerJobHandler(kind: string, handler: JobHandler) {
  handlers.set(kind, handler);
}

export function enqueueJob(shopId: string, kind: string, payload: Prisma.InputJsonValue, total = 0) {
  return prisma.backgroundJob.create({ data: { shopId, kind, payload, total } });
}

export function findJob(shopId: string, jobId: string) {
  return prisma.backgroundJob.findFirst({ where: { id: jobId, shopId } });
}

/** Claims the next runnable job, or a job whose lease expired, for this process. */
export async function claimNextJob(): Promise<BackgroundJob | null> {
  const rows = await prisma.$queryRaw<BackgroundJob[]>`
    UPDATE "BackgroundJob"
       SET status = 'RUNNING', attempts = attempts + 1,
           "lockedUntil" = now() + make_interval(secs => ${LEASE_SECONDS}), "updatedAt" = now()
     WHERE id = (
       SELECT id FROM "BackgroundJob"
        WHERE (status = 'QUEUED' AND "runAfter" <= now())
           OR (status = 'RUNNING' AND "lockedUntil" < now())
        ORDER BY "runAfter"
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
    RETURNING *`;
  return rows[0] ?? null;
}

async function runJob(job: BackgroundJob) {
  const handler = handlers.get(job.kind);
  const ctx: JobContext = {
    job,
    async progress(update) {
      await prisma.backgroundJob.update({
        where: { id: job.id },
        data: { ...update, lockedUntil: new Date(Date.now() + LEASE_SECONDS * 1000) },
      });
    },
  };
  try {
    if (!handler) throw new Error(`No handler for job kind "${job.kind}".`);
    const result = await handler(ctx);
    await prisma.backgroundJob.update({
      where: { id: job.id },
      data: {
        status: "SUCCEEDED",
        finishedAt: new Date(),
        lockedUntil: null,
        lastError: null,
        ...(result !== undefined ? { result } : {}),
      },
    });
  } catch (error) {
    if (error instanceof RescheduleJob) {
      await prisma.backgroundJob.update({
        where: { id: job.id },
        data: { status: "QUEUED", lockedUntil: null, lastError: null, attempts: { decrement: 1 }, runAfter: new Date(Date.now() + error.delayMs) },
      });
      return;
    }
    const message = (error as Error).message.slice(0, 1000);
    const retry = job.attempts < job.maxAttempts;
    await prisma.backgroundJob.update({
      where: { id: job.id },
      data: retry
        ? { status: "QUEUED", lastError: message, lockedUntil: null, runAfter: new Date(Date.now() + 2 ** job.attempts * 1000) }
        : { status: "FAILED", lastError: message, lockedUntil: null, finishedAt: new Date() },
    });
  }
}

/** Runs runnable jobs until none is left (or `limit` ran). Returns how many ran. */
export async function runPendingJobs(limit = 50): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    const job = await claimNextJob();
    if (!job) break;
    await runJob(job);
    ran += 1;
  }
  return ran;
}

let worker: ReturnType<typeof setInterval> | undefined;
let busy = false;

/** Polls for jobs in this process (started by the server entry, not in tests). */
export function startJobWorker(intervalMs = 1000) {
  if (worker) return;
  worker = setInterval(() => {
    if (busy) return;
    busy = true;
    runPendingJobs()
      .catch((error) => log.error({ err: error }, "job worker failed"))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  worker.unref();
}

export function stopJobWorker() {
  if (worker) clearInterval(worker);
  worker = undefined;
}

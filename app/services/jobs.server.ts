import { randomUUID } from "node:crypto";
import type { z } from "zod";
import prisma from "../db.server";
import { Prisma, type BackgroundJob } from "../generated/prisma/client";
import { log } from "../lib/logger.server";
import { isUniqueViolation } from "../models/prisma-errors.server";

/**
 * A durable job queue in the app's own database: no extra infrastructure on the embedded
 * database, and on PostgreSQL several app processes share the work (decision 021: why not
 * graphile-worker or pg-boss). A job is claimed with `FOR UPDATE SKIP LOCKED`, a lease
 * (`lockedUntil`) and a fresh lease token; a process that dies mid-job lets the lease expire and
 * another process resumes it. Every write of the worker (progress, success, failure) names the
 * token, so a worker whose lease expired and was taken over stops at its next write (LeaseLost)
 * instead of overwriting its successor. Attempts count at claim time: a job that crashes the
 * process every time fails after `maxAttempts` claims instead of looping forever.
 *
 * Jobs run in lanes, each with its own runner loop: `bulk` (backfills, bulk imports, code
 * generation: minutes long) and `default` (emails, reconciliation: short), so a long backfill
 * never holds up an email. Handlers must be idempotent and record progress as they go, so that a
 * resumed job continues rather than repeats.
 */
export interface JobContext {
  job: BackgroundJob;
  /** Records progress (and renews the lease). Throws LeaseLost when another worker took the job over. */
  progress(update: { done?: number; failed?: number; total?: number; result?: Prisma.InputJsonValue }): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<Prisma.InputJsonValue | void>;

export const JOB_LANES = ["default", "bulk"] as const;
export type JobLane = (typeof JOB_LANES)[number];

export interface JobKindOptions {
  /** The runner loop that takes this kind's jobs (default: "default"). */
  lane?: JobLane;
  /** Validates the payload at enqueue (throws) and at claim (the job fails with the reason). */
  payload?: z.ZodType;
  /** Milliseconds before attempt `attempt + 1`, after attempt `attempt` (1-based) failed. */
  backoff?: (attempt: number) => number;
}

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

/** The job's lease was taken over by another worker (this one was too slow): stop, write nothing. */
export class LeaseLost extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId}: the lease expired and another worker took the job over`);
    this.name = "LeaseLost";
  }
}

/** An enqueue whose payload its kind's schema refuses: nothing is queued. */
export class InvalidJobPayload extends Error {
  constructor(readonly kind: string, reason: string) {
    super(`invalid payload for job kind "${kind}": ${reason}`);
    this.name = "InvalidJobPayload";
  }
}

interface Registration extends JobKindOptions {
  handler: JobHandler;
}

const kinds = new Map<string, Registration>();
export const LEASE_SECONDS = 120;

/** Short retries for work that fails for a moment (2 s, 4 s, 8 s…), at most 10 minutes apart. */
export const shortBackoff = (attempt: number) => Math.min(2 ** attempt * 1000, 10 * 60_000);

/**
 * Retries spread over hours (an SMTP server that is down for the afternoon): 1 min, 2, 4, … and
 * then every 2 hours. With 8 attempts the last one comes about 2 h 7 min after the first.
 */
export const hoursBackoff = (attempt: number) => Math.min(60_000 * 2 ** (attempt - 1), 2 * 60 * 60_000);

export function registerJobHandler(kind: string, handler: JobHandler, options: JobKindOptions = {}) {
  kinds.set(kind, { ...options, handler });
}

function laneOf(kind: string): JobLane {
  return kinds.get(kind)?.lane ?? "default";
}

function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ").slice(0, 500);
}

export interface EnqueueOptions {
  /** Items to do, for the progress bar. */
  total?: number;
  maxAttempts?: number;
  /**
   * An unfinished (queued or running) job of the same shop, kind and key is returned instead of a
   * second one, also when two requests enqueue at the same moment (a partial unique index).
   */
  dedupeKey?: string;
  /** Enqueue inside the caller's transaction (no dedupeKey there: a conflict would abort it). */
  tx?: Prisma.TransactionClient;
}

/** Queues a job; throws InvalidJobPayload (nothing queued) when the kind's schema refuses the payload. */
export async function enqueueJob(
  shopId: string,
  kind: string,
  payload: Prisma.InputJsonValue,
  options: EnqueueOptions = {},
): Promise<BackgroundJob> {
  const schema = kinds.get(kind)?.payload;
  if (schema) {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new InvalidJobPayload(kind, describeIssues(parsed.error));
  }
  const { total = 0, maxAttempts, dedupeKey, tx } = options;
  if (tx && dedupeKey) throw new Error("enqueueJob: a dedupeKey cannot be used inside a transaction");
  const data = { shopId, kind, payload, total, lane: laneOf(kind), dedupeKey: dedupeKey ?? null, ...(maxAttempts ? { maxAttempts } : {}) };
  if (!dedupeKey) return (tx ?? prisma).backgroundJob.create({ data });
  for (let tries = 0; ; tries++) {
    try {
      return await prisma.backgroundJob.create({ data });
    } catch (error) {
      if (!isUniqueViolation(error) || tries >= 3) throw error;
      const existing = await prisma.backgroundJob.findFirst({
        where: { shopId, kind, dedupeKey, status: { in: ["QUEUED", "RUNNING"] } },
      });
      // null: the other job finished in between; insert again.
      if (existing) return existing;
    }
  }
}

export function findJob(shopId: string, jobId: string) {
  return prisma.backgroundJob.findFirst({ where: { id: jobId, shopId } });
}

/**
 * Claims the next runnable job of `lane` (any lane when omitted), or a job whose lease expired,
 * for this process: one more attempt, a new lease and a new token. A job reclaimed after its
 * lease expired on its last attempt is failed here (the process crashed on every attempt).
 */
export async function claimNextJob(lane?: JobLane): Promise<BackgroundJob | null> {
  for (;;) {
    const token = randomUUID();
    const rows = await prisma.$queryRaw<BackgroundJob[]>`
      UPDATE "BackgroundJob"
         SET status = 'RUNNING', attempts = attempts + 1, "leaseToken" = ${token},
             "lastError" = CASE WHEN status = 'RUNNING' THEN 'the worker stopped before finishing (its lease expired)' ELSE "lastError" END,
             "lockedUntil" = now() + make_interval(secs => ${LEASE_SECONDS}), "updatedAt" = now()
       WHERE id = (
         SELECT id FROM "BackgroundJob"
          WHERE ((status = 'QUEUED' AND "runAfter" <= now())
             OR (status = 'RUNNING' AND "lockedUntil" < now()))
            ${lane ? Prisma.sql`AND lane = ${lane}` : Prisma.empty}
          ORDER BY "runAfter"
          FOR UPDATE SKIP LOCKED
          LIMIT 1)
      RETURNING *`;
    const job = rows[0];
    if (!job) return null;
    if (job.attempts > job.maxAttempts) {
      await finish(job, {
        status: "FAILED",
        finishedAt: new Date(),
        lastError: `gave up after ${job.maxAttempts} attempts: ${job.lastError ?? "the worker stopped before finishing"}`,
      }).catch(ignoreLeaseLost);
      continue;
    }
    return job;
  }
}

function ignoreLeaseLost(error: unknown) {
  if (error instanceof LeaseLost) {
    log.info({ jobId: error.jobId }, "job taken over by another worker; this one stops");
    return;
  }
  throw error;
}

/** Writes the job's row only while this worker still holds its lease token. */
async function writeLeased(job: BackgroundJob, data: Prisma.BackgroundJobUpdateManyMutationInput) {
  const { count } = await prisma.backgroundJob.updateMany({ where: { id: job.id, leaseToken: job.leaseToken }, data });
  if (count === 0) throw new LeaseLost(job.id);
}

function finish(job: BackgroundJob, data: Prisma.BackgroundJobUpdateManyMutationInput) {
  return writeLeased(job, { lockedUntil: null, leaseToken: null, ...data });
}

async function runJob(job: BackgroundJob) {
  const registration = kinds.get(job.kind);
  const ctx: JobContext = {
    job,
    async progress(update) {
      await writeLeased(job, { ...update, lockedUntil: new Date(Date.now() + LEASE_SECONDS * 1000) });
    },
  };
  try {
    if (!registration) throw new Error(`No handler for job kind "${job.kind}".`);
    if (registration.payload) {
      const parsed = registration.payload.safeParse(job.payload);
      if (!parsed.success) {
        // Running it again would fail the same way: no retry.
        await finish(job, { status: "FAILED", finishedAt: new Date(), lastError: `invalid payload: ${describeIssues(parsed.error)}` });
        return;
      }
    }
    const result = await registration.handler(ctx);
    await finish(job, {
      status: "SUCCEEDED",
      finishedAt: new Date(),
      lastError: null,
      ...(result !== undefined ? { result } : {}),
    });
  } catch (error) {
    if (error instanceof LeaseLost) return ignoreLeaseLost(error);
    try {
      if (error instanceof RescheduleJob) {
        await finish(job, { status: "QUEUED", lastError: null, attempts: { decrement: 1 }, runAfter: new Date(Date.now() + error.delayMs) });
        return;
      }
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const retry = job.attempts < job.maxAttempts;
      const backoff = registration?.backoff ?? shortBackoff;
      await finish(
        job,
        retry
          ? { status: "QUEUED", lastError: message, runAfter: new Date(Date.now() + backoff(job.attempts)) }
          : { status: "FAILED", lastError: message, finishedAt: new Date() },
      );
    } catch (writeError) {
      ignoreLeaseLost(writeError);
    }
  }
}

/** Runs runnable jobs of `lane` (any lane when omitted) until none is left (or `limit` ran). Returns how many ran. */
export async function runPendingJobs(limit = 50, lane?: JobLane): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    const job = await claimNextJob(lane);
    if (!job) break;
    await runJob(job);
    ran += 1;
  }
  return ran;
}

/**
 * Deletes jobs that finished (succeeded or failed) before `olderThan`, with everything they
 * recorded. Returns how many. The worker runs it hourly with a 30-day retention.
 */
export async function deleteFinishedJobs(olderThan: Date): Promise<number> {
  const { count } = await prisma.backgroundJob.deleteMany({
    where: { status: { in: ["SUCCEEDED", "FAILED"] }, finishedAt: { lt: olderThan } },
  });
  return count;
}

export const FINISHED_JOB_RETENTION_DAYS = 30;
const CLEANUP_EVERY_MS = 60 * 60_000;

interface Worker {
  timers: ReturnType<typeof setInterval>[];
}
let worker: Worker | undefined;

/**
 * Polls for jobs in this process (started by the server entry, not in tests): one loop per lane,
 * each running one job at a time, and an hourly cleanup of old finished jobs.
 */
export function startJobWorker(intervalMs = 1000, clock: () => Date = () => new Date()) {
  if (worker) return;
  const timers = JOB_LANES.map((lane) => {
    let busy = false;
    return setInterval(() => {
      if (busy) return;
      busy = true;
      runPendingJobs(50, lane)
        .catch((error) => log.error({ err: error, lane }, "job worker failed"))
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
  });
  timers.push(
    setInterval(() => {
      const olderThan = new Date(clock().getTime() - FINISHED_JOB_RETENTION_DAYS * 24 * 60 * 60_000);
      deleteFinishedJobs(olderThan)
        .then((count) => {
          if (count) log.info({ count }, "deleted old finished jobs");
        })
        .catch((error) => log.error({ err: error }, "job cleanup failed"));
    }, CLEANUP_EVERY_MS),
  );
  for (const timer of timers) timer.unref();
  worker = { timers };
}

export function stopJobWorker() {
  for (const timer of worker?.timers ?? []) clearInterval(timer);
  worker = undefined;
}

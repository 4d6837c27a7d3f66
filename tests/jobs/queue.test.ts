import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { BACKFILL, enqueueBackfill } from "../../app/services/backfill.server";
import * as jobs from "../../app/services/jobs.server";
import { claimNextJob, enqueueJob, registerJobHandler, runPendingJobs, startJobWorker, stopJobWorker } from "../../app/services/jobs.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { influencer, otherShop } from "../support/factories";

/**
 * The job queue's guarantees (decision 021). Runs on PGlite, and on PostgreSQL with
 * `npm run test:postgres` (where the concurrent enqueues use separate connections).
 */
let db: TestDatabase;
let shopId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  shopId = (await otherShop(db.prisma)).id;
});
afterAll(async () => {
  stopJobWorker();
  await db?.destroy();
});
beforeEach(async () => {
  await db.prisma.backgroundJob.deleteMany({});
});

/** A promise the test resolves when it wants the handler to go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function until(condition: () => Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const expireLease = (id: string) => db.prisma.backgroundJob.update({ where: { id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
const row = (id: string) => db.prisma.backgroundJob.findUniqueOrThrow({ where: { id } });

describe("leases", () => {
  it("a worker whose lease expired and was taken over writes nothing more", async () => {
    const go = gate();
    let started = false;
    registerJobHandler("lease-slow", async ({ progress }) => {
      started = true;
      await go.opened;
      await progress({ done: 7, result: { by: "stale worker" } });
      return { by: "stale worker" };
    });
    const job = await enqueueJob(shopId, "lease-slow", {});
    const stale = runPendingJobs(1);
    await until(async () => started);

    // The stale worker is stuck past its lease; another process takes the job over.
    await expireLease(job.id);
    const successor = await claimNextJob();
    expect(successor?.id).toBe(job.id);
    expect(successor?.attempts).toBe(2);

    go.open();
    await stale;
    // The stale worker's progress and its "succeeded" were both refused: the job is the successor's.
    expect(await row(job.id)).toMatchObject({ status: "RUNNING", done: 0, result: null, attempts: 2 });
  });

  it("a job that crashes the process on every attempt fails after maxAttempts instead of looping", async () => {
    let runs = 0;
    registerJobHandler("crashes-process", async () => {
      runs += 1;
    });
    const job = await enqueueJob(shopId, "crashes-process", {});
    await db.prisma.backgroundJob.update({ where: { id: job.id }, data: { maxAttempts: 2 } });
    // Two claims whose process died mid-job (no write after the claim; the lease runs out).
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect((await claimNextJob())?.attempts).toBe(attempt);
      await expireLease(job.id);
    }
    expect(await runPendingJobs()).toBe(0);
    expect(runs).toBe(0);
    const failed = await row(job.id);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 3, lockedUntil: null });
    expect(failed.lastError).toMatch(/gave up after 2 attempts: the worker stopped before finishing/);
    expect(failed.finishedAt).not.toBeNull();
    expect(await claimNextJob()).toBeNull();
  });
});

describe("lanes", () => {
  it("a long bulk job does not hold up an email: each lane has its own runner", async () => {
    const go = gate();
    let bulkStarted = false;
    registerJobHandler(
      "hol-backfill",
      async () => {
        bulkStarted = true;
        await go.opened;
      },
      { lane: "bulk" },
    );
    registerJobHandler("hol-email", async () => ({ sent: true }));
    const bulk = await enqueueJob(shopId, "hol-backfill", {});
    try {
      startJobWorker(10);
      await until(async () => bulkStarted);
      const email = await enqueueJob(shopId, "hol-email", {});
      await until(async () => (await row(email.id)).status === "SUCCEEDED", 3_000);
      expect((await row(bulk.id)).status).toBe("RUNNING");
    } finally {
      go.open();
    }
    await until(async () => (await row(bulk.id)).status === "SUCCEEDED");
    stopJobWorker();
    expect(await db.prisma.backgroundJob.findMany({ select: { kind: true, lane: true }, orderBy: { kind: "asc" } })).toEqual([
      { kind: "hol-backfill", lane: "bulk" },
      { kind: "hol-email", lane: "default" },
    ]);
  });
});

describe("duplicates", () => {
  it("concurrent enqueueBackfill for one code make one job", async () => {
    const person = await influencer(db.prisma, shopId);
    const code = await db.prisma.discountCode.create({ data: { shopId, influencerId: person.id, code: "DUPE10", value: "10" } });
    const enqueued = await Promise.all(Array.from({ length: 8 }, () => enqueueBackfill(shopId, code.id)));
    const stored = await db.prisma.backgroundJob.findMany({ where: { kind: BACKFILL } });
    expect(stored).toHaveLength(1);
    expect(new Set(enqueued.map((job) => job.id))).toEqual(new Set([stored[0].id]));

    // Once it finished, a new backfill can be queued.
    await db.prisma.backgroundJob.update({ where: { id: stored[0].id }, data: { status: "SUCCEEDED", finishedAt: new Date() } });
    const again = await enqueueBackfill(shopId, code.id);
    expect(again.id).not.toBe(stored[0].id);
    expect(await db.prisma.backgroundJob.count({ where: { kind: BACKFILL } })).toBe(2);
  });

  it("the dedupe key is per shop: another shop's job does not count", async () => {
    const other = await otherShop(db.prisma);
    const [a, b] = await Promise.all([
      enqueueJob(shopId, "per-shop", {}, { dedupeKey: "k" }),
      enqueueJob(other.id, "per-shop", {}, { dedupeKey: "k" }),
    ]);
    expect(a.id).not.toBe(b.id);
  });
});

describe("payloads", () => {
  const schema = z.object({ messageId: z.string().min(1) });

  it("an enqueue with a bad payload is refused, nothing queued", async () => {
    registerJobHandler("typed", async () => {}, { payload: schema });
    await expect(enqueueJob(shopId, "typed", { messageId: 42 })).rejects.toThrow(/invalid payload for job kind "typed": messageId/);
    expect(await db.prisma.backgroundJob.count()).toBe(0);
  });

  it("a stored job whose payload is bad fails with the reason, without running the handler", async () => {
    let runs = 0;
    registerJobHandler("typed-run", async () => void (runs += 1), { payload: schema });
    const job = await db.prisma.backgroundJob.create({ data: { shopId, kind: "typed-run", payload: { wrong: true } } });
    expect(await runPendingJobs()).toBe(1);
    expect(runs).toBe(0);
    const failed = await row(job.id);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failed.lastError).toMatch(/^invalid payload: messageId/);
  });
});

describe("retries", () => {
  it("each kind backs off its own way: emails over hours, the rest in seconds", async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(jobs.hoursBackoff).map((ms) => ms / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 64, 120]);
    registerJobHandler("slow-retry", async () => {
      throw new Error("smtp down");
    }, { backoff: jobs.hoursBackoff });
    registerJobHandler("quick-retry", async () => {
      throw new Error("flaky");
    });
    const slow = await enqueueJob(shopId, "slow-retry", {});
    const quick = await enqueueJob(shopId, "quick-retry", {});
    const before = Date.now();
    await runPendingJobs();
    const [s, q] = [await row(slow.id), await row(quick.id)];
    expect(s.status).toBe("QUEUED");
    expect(s.runAfter.getTime() - before).toBeGreaterThanOrEqual(60_000);
    expect(s.runAfter.getTime() - before).toBeLessThan(70_000);
    expect(q.runAfter.getTime() - before).toBeLessThan(5_000);
  });
});

describe("cleanup", () => {
  it("deletes finished jobs older than the cutoff, and nothing else", async () => {
    const at = (iso: string) => new Date(iso);
    const old = await db.prisma.backgroundJob.create({
      data: { shopId, kind: "c", payload: {}, status: "SUCCEEDED", finishedAt: at("2026-10-01T00:00:00Z") },
    });
    const oldFailed = await db.prisma.backgroundJob.create({
      data: { shopId, kind: "c", payload: {}, status: "FAILED", finishedAt: at("2026-10-02T00:00:00Z") },
    });
    const recent = await db.prisma.backgroundJob.create({
      data: { shopId, kind: "c", payload: {}, status: "SUCCEEDED", finishedAt: at("2026-11-20T00:00:00Z") },
    });
    const queued = await db.prisma.backgroundJob.create({ data: { shopId, kind: "c", payload: {}, createdAt: at("2026-01-01T00:00:00Z") } });
    expect(await jobs.deleteFinishedJobs(at("2026-11-01T00:00:00Z"))).toBe(2);
    const left = (await db.prisma.backgroundJob.findMany({ select: { id: true } })).map((j) => j.id).sort();
    expect(left).toEqual([recent.id, queued.id].sort());
    expect(left).not.toContain(old.id);
    expect(left).not.toContain(oldFailed.id);
  });
});

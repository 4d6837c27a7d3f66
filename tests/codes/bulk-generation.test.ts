import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseCodeSettings } from "../../app/lib/code-settings";
import { LeakyBucket } from "../../app/demo/admin-emulator/cost.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import type { EmulatedShopSettings } from "../../app/demo/admin-emulator/resolvers.server";
import { throttledAdmin } from "../../app/services/admin-throttle.server";
import {
  CODE_GENERATION,
  codeGenerationHandler,
  codeGenerationProgress,
  enqueueCodeGeneration,
} from "../../app/services/code-generation.server";
import { claimNextJob, enqueueJob, registerJobHandler, runPendingJobs } from "../../app/services/jobs.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import { createTestDatabase, type TestDatabase } from "../support/database";

const STORE: EmulatedShopSettings = {
  id: "77", domain: "bulk-test.myshopify.com", name: "Bulk Test", currencyCode: "USD", ianaTimezone: "UTC",
};
let db: TestDatabase;
let shop: Awaited<ReturnType<typeof syncShopDetails>>;
// A simulated clock shared by the emulator's cost bucket and the throttle's sleep.
let now = 0;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
  now += ms;
};

const settings = (() => {
  const parsed = parseCodeSettings({ valueType: "PERCENTAGE", value: "20", startsAt: "2026-12-01" }, "2026-11-20");
  if (!parsed.ok) throw new Error("settings");
  return parsed.settings;
})();

beforeAll(async () => {
  db = await createTestDatabase();
  shop = await syncShopDetails(createAdminEmulator({ store: { db: db.prisma, shop: STORE } }), STORE.domain);
});
afterAll(() => db.destroy());
beforeEach(async () => {
  await db.prisma.backgroundJob.deleteMany({});
  await db.prisma.discountCode.deleteMany({});
  await db.prisma.influencer.deleteMany({});
  await db.prisma.emulatorDiscount.deleteMany({});
  sleeps.length = 0;
});

describe("rate limits", () => {
  it("waits and retries when Shopify answers THROTTLED, using the cost in extensions.cost", async () => {
    // A tiny bucket: 25 points, 5 per second; each discount creation costs 10.
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE }, bucket: new LeakyBucket(25, 5, () => now) });
    const admin = throttledAdmin(emulator, { sleep });
    const create = (code: string) =>
      admin.graphql(
        `mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { code } } }`,
        { variables: { input: { title: code, code, context: { all: "ALL" }, customerGets: { value: { percentage: 0.1 }, items: { all: true } } } } },
      ).then((r) => r.json());
    const results = [];
    for (const code of ["A1", "A2", "A3", "A4", "A5"]) results.push(await create(code));
    expect(results.every((r) => !r.errors)).toBe(true);
    expect(await db.prisma.emulatorDiscount.count()).toBe(5);
    // It waited for the bucket instead of failing: 5 x 10 points from a 25-point bucket at 5/s.
    expect(admin.stats.waitedMs).toBeGreaterThanOrEqual(4_000);
    expect(sleeps.length).toBeGreaterThan(0);
  });

  it("retries a THROTTLED answer it did not see coming", async () => {
    const bucket = new LeakyBucket(10, 10, () => now);
    bucket.take(10); // Someone else (another app process) emptied the bucket.
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE }, bucket });
    const admin = throttledAdmin(emulator, { sleep });
    const body = await admin.graphql("query { shop { name } }").then((r) => r.json());
    expect(body.data.shop.name).toBe("Bulk Test");
    expect(admin.stats.throttledRetries).toBe(1);
  });
});

describe("bulk code generation", () => {
  async function influencers(...names: string[]) {
    const rows = [];
    for (const name of names) rows.push(await db.prisma.influencer.create({ data: { shopId: shop.id, name } }));
    return rows;
  }

  it("creates one code per influencer through the throttled API, reporting each success and failure", async () => {
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE }, bucket: new LeakyBucket(25, 10, () => now) });
    registerJobHandler(CODE_GENERATION, codeGenerationHandler(async () => throttledAdmin(emulator, { sleep })));
    const people = await influencers("Jane Porter", "Marco Rossi", "נועה", "Aisha Khan");
    const jobId = await enqueueCodeGeneration(shop, people.map((p) => p.id), settings);

    expect(await runPendingJobs()).toBe(1);
    const progress = await codeGenerationProgress(shop.id, jobId);
    expect(progress).toMatchObject({ status: "SUCCEEDED", total: 4, done: 3, failed: 1 });
    const byName = Object.fromEntries(progress!.items.map((i) => [i.name, i]));
    expect(byName["Jane Porter"]).toMatchObject({ status: "created", code: "JANE20" });
    expect(byName["Marco Rossi"]).toMatchObject({ status: "created", code: "MARCO20" });
    expect(byName["Aisha Khan"]).toMatchObject({ status: "created", code: "AISHA20" });
    expect(byName["נועה"]).toMatchObject({ status: "failed", error: "codes.error.noName" });
    expect(await db.prisma.emulatorDiscount.count()).toBe(3);
    expect(sleeps.length).toBeGreaterThan(0); // 3 x 10 points from a 25-point bucket: it had to wait.
  });

  it("resumes after a crash without creating a code twice", async () => {
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE } });
    registerJobHandler(CODE_GENERATION, codeGenerationHandler(async () => emulator));
    const people = await influencers("Jane Porter", "Marco Rossi");
    const jobId = await enqueueCodeGeneration(shop, people.map((p) => p.id), settings);
    // The state a process killed mid-job leaves: Shopify created Jane's discount, our row is still
    // PENDING (the answer never got written), the job's progress still says "pending" for her,
    // and the job is RUNNING with a lease that has run out.
    await emulator.run(`mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "Jane", code: "JANE20",
      customerGets: { value: { percentage: 0.2 }, items: { all: true } }, context: { all: ALL } }) { userErrors { code } } }`);
    await db.prisma.discountCode.create({
      data: { shopId: shop.id, influencerId: people[0].id, code: "JANE20", value: "20.0000", syncState: "PENDING" },
    });
    await db.prisma.backgroundJob.update({
      where: { id: jobId },
      data: { status: "RUNNING", attempts: 1, lockedUntil: new Date(Date.now() - 1000) },
    });

    expect(await runPendingJobs()).toBe(1);
    const progress = await codeGenerationProgress(shop.id, jobId);
    expect(progress?.status).toBe("SUCCEEDED");
    expect(progress?.items.map((i) => [i.name, i.status, i.code])).toEqual([
      ["Jane Porter", "created", "JANE20"],
      ["Marco Rossi", "created", "MARCO20"],
    ]);
    expect(await db.prisma.emulatorDiscount.count()).toBe(2);
    expect(await db.prisma.discountCode.findMany({ select: { code: true, syncState: true }, orderBy: { code: "asc" } })).toEqual([
      { code: "JANE20", syncState: "SYNCED" },
      { code: "MARCO20", syncState: "SYNCED" },
    ]);
  });

  it("only takes this shop's influencers", async () => {
    const other = await db.prisma.shop.create({ data: { domain: "bulk-other.myshopify.com", name: "Other" } });
    const foreign = await db.prisma.influencer.create({ data: { shopId: other.id, name: "Mallory" } });
    const error = await enqueueCodeGeneration(shop, [foreign.id], settings).catch((e: Response) => e);
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(400);
  });
});

describe("the job queue", () => {
  it("hands each job to one claimer, and retries a failing job with backoff until it gives up", async () => {
    await enqueueJob(shop.id, "test-a", {});
    await enqueueJob(shop.id, "test-b", {});
    // Three concurrent claimers (separate connections on PostgreSQL): each job goes to exactly one.
    const claims = await Promise.all([claimNextJob(), claimNextJob(), claimNextJob()]);
    expect(claims.map((job) => job?.kind ?? null).sort()).toEqual([null, "test-a", "test-b"].sort());

    await db.prisma.backgroundJob.deleteMany({});
    let runs = 0;
    registerJobHandler("always-fails", async () => {
      runs += 1;
      throw new Error("boom");
    });
    const job = await enqueueJob(shop.id, "always-fails", {});
    await db.prisma.backgroundJob.update({ where: { id: job.id }, data: { maxAttempts: 2 } });
    await runPendingJobs();
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "QUEUED", attempts: 1, lastError: "boom",
    });
    await db.prisma.backgroundJob.update({ where: { id: job.id }, data: { runAfter: new Date(0) } });
    await runPendingJobs();
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "FAILED", attempts: 2, lastError: "boom",
    });
    expect(runs).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAdminClient } from "../../app/demo/demo-admin.server";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { seedDemoStore } from "../../app/demo/seed.server";
import * as leaksPage from "../../app/routes/app.leaks";
import * as syncPage from "../../app/routes/app.sync/route";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { runPendingJobs } from "../../app/services/jobs.server";
import { demoRouteTest } from "../support/routes";

// The seed creates the demo shop.
const { db } = demoRouteTest({ demoShop: false });

beforeAll(async () => {
  await seedDemoStore(db.prisma, createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } }), new Date());
});
// The page's bulk import writes its result file through the demo's own emulator: remove it.
afterAll(() => demoAdminClient().bulk.dispose());

const post = (path: string, fields: Record<string, string>) =>
  new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields) });

describe("the sync and leaks pages (demo store)", () => {
  it("lists the demo's leaked code with evidence, and rotates it in one click", async () => {
    const before = await leaksPage.loader({ request: new Request("http://localhost/app/leaks"), params: {}, context: {} });
    expect(before.flagged.map((f) => f.code)).toEqual(["OMAR15"]);
    expect(before.flagged[0].signals.map((s) => s.kind)).toContain("coupon");

    const result = await leaksPage.action({ request: post("/app/leaks", { intent: "rotate", codeId: before.flagged[0].id, name: "Omar Haddad" }), params: {}, context: {} });
    expect(result).toMatchObject({ ok: true, oldCode: "OMAR15" });
    const after = await leaksPage.loader({ request: new Request("http://localhost/app/leaks"), params: {}, context: {} });
    expect(after.flagged).toEqual([]);
    const bad = await leaksPage.action({ request: post("/app/leaks", { intent: "rotate", codeId: "not-a-uuid" }), params: {}, context: {} });
    expect((bad as { init: { status: number } }).init.status).toBe(400);
  });

  it("runs a reconciliation from the button and shows what it repaired", async () => {
    const response = await syncPage.action({ request: post("/app/sync", { intent: "reconcile" }), params: {}, context: {} });
    expect(response).toMatchObject({ ok: true, intent: "reconcile" });
    await runPendingJobs();
    const page = await syncPage.loader({ request: new Request("http://localhost/app/sync"), params: {}, context: {} });
    expect(page.reconcile.reconciledUntil).not.toBeNull();
    const run = page.reconcile.runs[0];
    expect(run.status).toBe("SUCCEEDED");
    expect(run.progress?.fixed).toEqual({ orders: 1, refunds: 1, cancellations: 0, updates: 0 });
    expect(run.progress?.fixes.map((f) => f.changes)).toEqual(expect.arrayContaining([["order"], ["refund"]]));
    expect(page.codes.length).toBeGreaterThanOrEqual(10);
  });

  it("runs a bulk import of the whole window from its button through the demo store's emulator, and lists it", async () => {
    const response = await syncPage.action({ request: post("/app/sync", { intent: "bulk" }), params: {}, context: {} });
    expect(response).toMatchObject({ ok: true, intent: "bulk" });
    // The job polls Shopify's operation every few seconds; here each poll is let run at once.
    for (let i = 0; i < 5; i++) {
      await db.prisma.backgroundJob.updateMany({ where: { kind: "bulk-backfill", status: "QUEUED" }, data: { runAfter: new Date(0) } });
      await runPendingJobs();
    }
    const page = await syncPage.loader({ request: new Request("http://localhost/app/sync"), params: {}, context: {} });
    const [run] = page.bulk;
    expect(run.status).toBe("SUCCEEDED");
    expect(run.progress).toMatchObject({ operationStatus: "COMPLETED", finished: true, ordersRejected: 0, failures: [] });
    expect(run.progress.from).not.toBeNull();
    expect(run.progress.ordersApplied).toBeGreaterThan(100);
    expect(run.progress.ordersRead).toBeGreaterThanOrEqual(run.progress.ordersApplied);
    const bad = await syncPage.action({ request: post("/app/sync", { intent: "bulk-everything" }), params: {}, context: {} });
    expect((bad as { init: { status: number } }).init.status).toBe(400);
  });
});

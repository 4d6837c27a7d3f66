import { describe, expect, it } from "vitest";
import * as generateRoute from "../../app/routes/app.codes.generate";
import { codeGenerationProgress, type GenerationItem } from "../../app/services/code-generation.server";
import { callRoute, demoRouteTest } from "../support/routes";

/**
 * Issue 18, bulk generation through its route: influencers who already hold an active code are
 * left out unless the owner asks for a second code, and a finished generation's failed rows can
 * be retried (only those) as a new job.
 */
const { db, shop } = demoRouteTest({ reset: ["backgroundJob", "discountCode", "influencer"] });

const offer = { valueType: "PERCENTAGE", value: "15", startsAt: "2026-12-01", minimumRequirement: "NONE" };

async function people() {
  const make = (name: string) => db.prisma.influencer.create({ data: { shopId: shop.id, name } });
  const [holder, fresh, other] = [await make("Hana Holder"), await make("Finn Fresh"), await make("Olga Other")];
  await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: holder.id, code: "HANA10", value: "10" } });
  // A paused code is not an active one: Olga can get a new code.
  await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: other.id, code: "OLGA10", value: "10", status: "PAUSED" } });
  return { holder, fresh, other };
}

const jobIdOf = (location: string | null) => location?.split("/app/jobs/")[1] ?? "";

describe("generate codes (route)", () => {
  it("shows who already has an active code", async () => {
    const { holder, fresh, other } = await people();
    const page = await callRoute<{ influencers: { name: string; activeCode: string | null }[] }>(generateRoute.loader, {
      path: `/app/codes/generate?ids=${holder.id}&ids=${fresh.id}&ids=${other.id}`,
    });
    expect(page.body.influencers.map((i) => [i.name, i.activeCode])).toEqual([
      ["Finn Fresh", null],
      ["Hana Holder", "HANA10"],
      ["Olga Other", null],
    ]);
  });

  it("leaves out influencers who hold an active code unless asked, and says so when that is everyone", async () => {
    const { holder, fresh, other } = await people();
    const generated = await callRoute(generateRoute.action, { path: "/app/codes/generate", form: { ...offer, ids: [holder.id, fresh.id, other.id] } });
    expect(generated.status).toBe(302);
    const job = await codeGenerationProgress(shop.id, jobIdOf(generated.location));
    expect(job?.items.map((i) => i.name)).toEqual(["Finn Fresh", "Olga Other"]);

    const onlyHolder = await callRoute<{ fieldErrors: Record<string, string> }>(generateRoute.action, { path: "/app/codes/generate", form: { ...offer, ids: [holder.id] } });
    expect(onlyHolder.status).toBe(400);
    expect(onlyHolder.body.fieldErrors.ids).toBe("codeui.generate.allHaveCodes");

    const asked = await callRoute(generateRoute.action, { path: "/app/codes/generate", form: { ...offer, ids: [holder.id], includeCodeHolders: "on" } });
    expect(asked.status).toBe(302);
    expect((await codeGenerationProgress(shop.id, jobIdOf(asked.location)))?.items.map((i) => i.name)).toEqual(["Hana Holder"]);
  });

  it("retries only the failed rows of a finished generation, with the same offer, as a new job", async () => {
    const { fresh, other } = await people();
    const first = await callRoute(generateRoute.action, { path: "/app/codes/generate", form: { ...offer, ids: [fresh.id, other.id] } });
    const firstId = jobIdOf(first.location);
    // As the job leaves it when Shopify refused Olga's code.
    const items: GenerationItem[] = [
      { influencerId: fresh.id, name: "Finn Fresh", status: "created", code: "FINN15" },
      { influencerId: other.id, name: "Olga Other", status: "failed", error: "codes.error.shopify" },
    ];
    await db.prisma.backgroundJob.update({ where: { id: firstId }, data: { status: "SUCCEEDED", done: 1, failed: 1, result: { items: JSON.parse(JSON.stringify(items)) } } });

    const retried = await callRoute(generateRoute.action, { path: "/app/codes/generate", form: { intent: "retry", jobId: firstId } });
    expect(retried.status).toBe(302);
    const retryId = jobIdOf(retried.location);
    expect(retryId).not.toBe(firstId);
    const retry = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: retryId } });
    expect((retry.payload as { influencerIds: string[] }).influencerIds).toEqual([other.id]);
    expect((retry.payload as { settings: { value: string } }).settings.value).toBe("15.00");

    // A job still running, or another shop's id, is not retried: back to its page.
    const running = await callRoute(generateRoute.action, { path: "/app/codes/generate", form: { intent: "retry", jobId: retryId } });
    expect(running.location).toBe(`/app/jobs/${retryId}`);
    expect(await db.prisma.backgroundJob.count()).toBe(2);
  });
});

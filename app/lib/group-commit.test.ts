import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GroupCommit, QueueFull, type ItemResult } from "./group-commit";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("GroupCommit", () => {
  it("sends a lone item at once, and batches what arrives while a batch runs", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const group = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((n) => ({ ok: true as const, value: n * 10 }));
      },
      { maxBatch: 3, maxConcurrent: 1 },
    );
    const first = group.submit(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4, 5, 6].map((n) => group.submit(n));
    await tick();
    expect(group.load).toEqual({ queued: 5, running: 1 });
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40, 50, 60]);
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it("refuses an item at once when maxQueued items already wait, and takes items again once they drained", async () => {
    let release: () => void = () => {};
    const applied: number[] = [];
    const group = new GroupCommit<number, number>(
      async (items) => {
        if (applied.length === 0) await new Promise<void>((resolve) => (release = resolve));
        applied.push(...items);
        return items.map((n) => ({ ok: true as const, value: n }));
      },
      { maxBatch: 2, maxConcurrent: 1, maxQueued: 3 },
    );
    const first = group.submit(0);
    await tick();
    // One batch running ([0]); three wait; the fourth and fifth are refused, applied never.
    const waiting = [1, 2, 3].map((n) => group.submit(n));
    const refused = await Promise.allSettled([group.submit(4), group.submit(5)]);
    expect(refused.map((r) => r.status === "rejected" && r.reason instanceof QueueFull)).toEqual([true, true]);
    expect(group.refused).toBe(2);
    expect(group.load).toEqual({ queued: 3, running: 1 });
    release();
    expect(await first).toBe(0);
    expect(await Promise.all(waiting)).toEqual([1, 2, 3]);
    expect(await group.submit(6)).toBe(6);
    expect(applied).toEqual([0, 1, 2, 3, 6]);
  });

  it("refuses an item once the oldest waiting one has waited longer than maxWaitMs", async () => {
    let clock = 0;
    let release: () => void = () => {};
    let calls = 0;
    const group = new GroupCommit<number, number>(
      async (items) => {
        if (calls++ === 0) await new Promise<void>((resolve) => (release = resolve));
        return items.map((n) => ({ ok: true as const, value: n }));
      },
      { maxBatch: 10, maxConcurrent: 1, maxWaitMs: 1000, now: () => clock },
    );
    const first = group.submit(0);
    await tick();
    const waiting = group.submit(1); // waits from t=0
    clock = 1000;
    const stillTaken = group.submit(2); // the oldest has waited 1000 ms: not more than the limit
    clock = 1001;
    await expect(group.submit(3)).rejects.toBeInstanceOf(QueueFull);
    expect(group.refused).toBe(1);
    release();
    expect(await Promise.all([first, waiting, stillTaken])).toEqual([0, 1, 2]);
    // Drained: the queue takes items again, whatever the clock says.
    clock = 5000;
    expect(await group.submit(4)).toBe(4);
  });

  it("fails only the item that failed, or every item of a batch that threw", async () => {
    let call = 0;
    const group = new GroupCommit<string, string>(
      async (items) => {
        if (++call === 2) throw new Error("connection lost");
        return items.map((s): ItemResult<string> => (s === "bad" ? { ok: false, error: new Error(`refused ${s}`) } : { ok: true, value: s }));
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    const results = await Promise.allSettled([group.submit("a"), group.submit("bad"), group.submit("b")]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "refused bad", "b"]);
    const failed = await Promise.allSettled([group.submit("c"), group.submit("d")]);
    expect(failed.every((r) => r.status === "rejected" && (r.reason as Error).message === "connection lost")).toBe(true);
    expect(await group.submit("e")).toBe("e");
  });

  it("answers every item with its own result, never exceeding the batch size or the concurrency", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer(), fc.nat(3)), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        async (items, maxBatch, maxConcurrent) => {
          let running = 0;
          let most = 0;
          const group = new GroupCommit<number, number>(
            async (batch) => {
              expect(batch.length).toBeLessThanOrEqual(maxBatch);
              most = Math.max(most, ++running);
              await new Promise((resolve) => setTimeout(resolve, batch.length % 3));
              running--;
              return batch.map((n) => (n % 7 === 0 ? { ok: false as const, error: new Error(String(n)) } : { ok: true as const, value: -n }));
            },
            { maxBatch, maxConcurrent },
          );
          // Settled as they are submitted: a rejection is handled even before the loop ends.
          const submitted: Promise<PromiseSettledResult<number>>[] = [];
          for (const [value, pause] of items) {
            submitted.push(
              group.submit(value).then(
                (v) => ({ status: "fulfilled" as const, value: v }),
                (reason: unknown) => ({ status: "rejected" as const, reason }),
              ),
            );
            if (pause) await new Promise((resolve) => setTimeout(resolve, pause - 1));
          }
          const settled = await Promise.all(submitted);
          settled.forEach((result, i) => {
            const n = items[i][0];
            if (n % 7 === 0) expect(result).toMatchObject({ status: "rejected", reason: new Error(String(n)) });
            else expect(result).toEqual({ status: "fulfilled", value: -n });
          });
          expect(most).toBeLessThanOrEqual(maxConcurrent);
          expect(group.load).toEqual({ queued: 0, running: 0 });
        },
      ),
      { numRuns: 60 },
    );
  });
});

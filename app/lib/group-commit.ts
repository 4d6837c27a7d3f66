/**
 * Group commit: callers submit one item each and get its own result, while the items that arrive
 * while earlier batches are running travel together in the next batch (one statement, one
 * transaction, one commit for all of them). With nothing in flight an item goes at once, alone:
 * no added latency when the load is light, batches that grow with the load when it is not.
 */
export interface GroupCommitOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Most batches running at once (database connections this may hold). */
  maxConcurrent: number;
  /**
   * Most items waiting for a batch (not counting the batches running). Past it `submit` refuses
   * at once with QueueFull, so that under overload callers answer "busy, retry later" instead of
   * waiting in a queue that grows without limit (decision 022). Unbounded when omitted.
   */
  maxQueued?: number;
  /**
   * Longest the oldest waiting item may have waited: past it `submit` refuses with QueueFull too.
   * Adapts the bound to what the database drains now (a count alone is seconds on a slow moment
   * and a fraction of one on a fast one). Unbounded when omitted.
   */
  maxWaitMs?: number;
  /** Clock in milliseconds (tests); performance.now by default. */
  now?: () => number;
}

/** The queue is full: the item was not taken (nothing of it was applied). */
export class QueueFull extends Error {
  constructor(readonly reason: string) {
    super(`group commit queue full (${reason})`);
    this.name = "QueueFull";
  }
}

/** The result of one item of a batch: a value, or the error that item (alone) failed with. */
export type ItemResult<R> = { ok: true; value: R } | { ok: false; error: Error };

interface Pending<T, R> {
  item: T;
  at: number;
  resolve: (value: R) => void;
  reject: (error: Error) => void;
}

export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private running = 0;
  /** Batches run and items sent so far: items ÷ batches is the mean batch size. */
  readonly totals = { batches: 0, items: 0 };
  private scheduled = false;
  private readonly now: () => number;

  constructor(
    /** Applies a batch; returns one result per item, in order. Throwing fails the whole batch. */
    private readonly run: (items: T[]) => Promise<ItemResult<R>[]>,
    private readonly options: GroupCommitOptions,
  ) {
    if (options.maxBatch < 1 || options.maxConcurrent < 1) throw new RangeError("maxBatch and maxConcurrent must be at least 1");
    if (options.maxQueued !== undefined && !(options.maxQueued >= 1)) throw new RangeError("maxQueued must be at least 1");
    this.now = options.now ?? (() => performance.now());
  }

  /** Items refused because the queue was full, so far. */
  refused = 0;

  submit(item: T): Promise<R> {
    const { maxQueued, maxWaitMs } = this.options;
    const at = this.now();
    let full: string | null = null;
    if (maxQueued !== undefined && this.queue.length >= maxQueued) full = `${this.queue.length} waiting`;
    else if (maxWaitMs !== undefined && this.queue.length > 0 && at - this.queue[0].at > maxWaitMs) {
      full = `the oldest has waited ${Math.round(at - this.queue[0].at)} ms`;
    }
    if (full) {
      this.refused++;
      return Promise.reject(new QueueFull(full));
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, at, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a batch, and batches running: for logs and tests. */
  get load() {
    return { queued: this.queue.length, running: this.running };
  }

  private schedule() {
    // Items submitted in the same turn of the event loop join the same batch: setImmediate runs
    // after every request whose bytes arrived in this turn was read. (An embedded database that
    // runs in this thread blocks the loop while it works, so requests pile up in exactly that way.)
    if (this.scheduled || this.running >= this.options.maxConcurrent) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0 && this.running < this.options.maxConcurrent) {
        void this.flush(this.queue.splice(0, this.options.maxBatch));
      }
    });
  }

  private async flush(batch: Pending<T, R>[]) {
    this.running++;
    this.totals.batches++;
    this.totals.items += batch.length;
    try {
      const results = await this.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} returned ${results.length} results`);
      batch.forEach((p, i) => {
        const result = results[i];
        if (result.ok) p.resolve(result.value);
        else p.reject(result.error);
      });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const p of batch) p.reject(failure);
    } finally {
      this.running--;
      if (this.queue.length > 0) this.schedule();
    }
  }
}

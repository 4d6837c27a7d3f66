import { existsSync, readFileSync } from "node:fs";

interface Page {
  path: string;
  statuses: Record<string, number>;
  latencyMs: { p50: number; p95: number };
}
interface Result {
  database: string;
  servers: number;
  offeredRate: number;
  baseline: { throughput: number; latencyMs: { p50: number; p95: number; p99: number } };
  webhooks: { sent: number; ok: number; statuses: Record<string, number>; throughput: number; latencyMs: { p50: number; p95: number; p99: number; max: number } };
  capacity: { throughput: number; ok: number; sent: number; latencyMs: { p50: number; p99: number }; cpuMsPerDelivery?: CpuPerDelivery };
  exactlyOnce: { distinctDeliveriesSent: number; deliveriesRecorded: number; answeredWithError: number };
  /** Twice the measured capacity, open loop (decision 022); absent from runs before it. */
  overload?: Overload;
  pages: Page[];
  roundTripsPerDelivery: number;
  /** Mean order/refund deliveries per ledger statement over the run (group commit). */
  deliveriesPerStatement?: number | null;
  peakRssMb: (number | null)[];
  seed: { orders: number; influencers: number; seedMs: number; rollupMs: number };
}
interface Overload {
  measuredCapacity?: number;
  offeredRate: number;
  seconds: number;
  sent: number;
  ok: number;
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  answered503: number;
  answeredOther5xx: number;
  timedOut: number;
  retried: { sent: number; ok: number; statuses: Record<string, number>; other5xx: number };
  distinctDeliveries: number;
  acceptedDistinct: number;
  acceptedButNotRecorded: number;
  recordedAfterRetries: number;
}

function overloadSection(results: Result[]): string[] {
  const runs = results.filter((r) => r.overload);
  if (!runs.length) return [];
  const lines = [
    "Overload: twice the capacity just measured, offered open loop (decision 022). Past `LEDGER_QUEUE_LIMIT` waiting deliveries the server answers 503 with `Retry-After`, storing nothing; then the refused ones are sent again (Shopify's retry; here at once, 16 clients) and the ledger is checked.",
    "",
    "| Database | Offered/s × s | Sent | 2xx (accepted/s) | 503 | Other 5xx | No answer in 5 s | p50 / p99 ms | Accepted but not in the ledger | Retries 2xx/sent | Recorded/distinct after retries |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of runs) {
    const o = r.overload!;
    lines.push(
      `| ${r.database} | ${o.offeredRate} × ${o.seconds} | ${o.sent} | ${o.ok} (${o.throughput}/s) | ${o.answered503} | ${o.answeredOther5xx + o.retried.other5xx} | ${o.timedOut} | ` +
        `${o.latencyMs.p50} / ${o.latencyMs.p99} | ${o.acceptedButNotRecorded} | ${o.retried.ok}/${o.retried.sent} | ${o.recordedAfterRetries}/${o.distinctDeliveries} |`,
    );
  }
  lines.push("");
  return lines;
}

/** One bulk backfill run (scripts/bench/backfill.ts). */
export interface BackfillResult {
  database: string;
  orders: number;
  file: { megabytes: number; lines: number; generateS: number };
  tracked: { expected: number; applied: number; stored: number; rejected: number; batchesFellBack: number; rollupsMatchLedger: boolean };
  importS: number;
  ordersPerS: number;
  trackedPerS: number;
  time: { ledgerS: number; knownOrderLookupsS: number; readParseMapS: number };
  statements: { count: number; ordersPerStatement: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  baseline: { parseOnlyOrdersPerS: number; oneByOneTrackedPerS: number; oneByOneSample: number };
  peakRssMb: number;
}
interface CpuPerDelivery {
  server: number;
  postgres: number;
  generator: number;
  machine: number;
}
interface Summary {
  date: string;
  mode: string;
  machine: { cpus: number; cpu: string; memoryGb: number; node: string };
  durationS: number;
  results: Result[];
  backfill?: BackfillResult[];
}

function backfillSection(runs: BackfillResult[]): string[] {
  const lines = [
    "Bulk backfill: a bulk operation result (JSONL) streamed into the ledger by `importBulkOrders` (scripts/bench/backfill.ts). Of the orders, 11 % carry an influencer's code or link (a third of the codes in second position); the rest are read and passed over.",
    "",
    "| Database | Orders | File MB | Tracked stored/expected | Import s | Orders/s | Tracked/s | Ledger s | Lookups s | Read+parse+map s | Statements | Orders/statement | Statement p50/p95/p99 ms | Parse-only orders/s (ratio) | One-by-one tracked/s (batched ÷ one-by-one) | Peak RSS MB |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const b of runs) {
    const parseRatio = b.baseline.parseOnlyOrdersPerS ? (b.ordersPerS / b.baseline.parseOnlyOrdersPerS).toFixed(2) : "—";
    const batchRatio = b.baseline.oneByOneTrackedPerS ? (b.trackedPerS / b.baseline.oneByOneTrackedPerS).toFixed(1) : "—";
    lines.push(
      `| ${b.database} | ${b.orders.toLocaleString("en")} | ${b.file.megabytes} | ${b.tracked.stored}/${b.tracked.expected} | ${b.importS} | ${b.ordersPerS} | ${b.trackedPerS} | ` +
        `${b.time.ledgerS} | ${b.time.knownOrderLookupsS} | ${b.time.readParseMapS} | ${b.statements.count} | ${b.statements.ordersPerStatement} | ` +
        `${b.statements.p50Ms}/${b.statements.p95Ms}/${b.statements.p99Ms} | ${b.baseline.parseOnlyOrdersPerS} (${parseRatio}) | ${b.baseline.oneByOneTrackedPerS} (${batchRatio}×) | ${b.peakRssMb} |`,
    );
  }
  lines.push("");
  for (const b of runs) {
    if (b.database !== "postgres" || b.orders < 1_000_000) continue;
    lines.push(
      `- Target (1,000,000 orders on PostgreSQL, peak RSS < 400 MB, ≥ 5,000 orders/s): memory — ${verdict(b.peakRssMb < 400)} (${b.peakRssMb} MB); ` +
        `throughput — ${verdict(b.ordersPerS >= 5000)} (${b.ordersPerS}/s)`,
    );
    lines.push("");
  }
  return lines;
}

const TARGETS: Record<string, { rate: number; p99: number; dashboardP95: number }> = {
  pglite: { rate: 300, p99: Infinity, dashboardP95: 1000 },
  postgres: { rate: 700, p99: 100, dashboardP95: 200 },
};

function cpu(c: CpuPerDelivery | undefined, database: string) {
  if (!c) return "—";
  return database.startsWith("postgres") ? `${c.server}, ${c.postgres}` : `${c.server} (PGlite in-process)`;
}

function verdict(ok: boolean) {
  return ok ? "met" : "**missed**";
}

function section(summary: Summary): string {
  const lines: string[] = [];
  lines.push(`### ${summary.mode === "quick" ? "Quick run (`npm run bench -- --quick`)" : "Full run (`npm run bench`)"}`);
  lines.push("");
  lines.push(
    `${summary.date.slice(0, 16).replace("T", " ")} UTC · ${summary.machine.cpus} × ${summary.machine.cpu} · ` +
      `${summary.machine.memoryGb} GiB · Node ${summary.machine.node} · run took ${summary.durationS} s`,
  );
  lines.push("");
  lines.push("| Database | Servers | Offered/s | Accepted/s | p50 ms | p95 ms | p99 ms | Baseline p99 ms | p99 ÷ baseline | Capacity/s (32 clients) | Capacity p99 ms | CPU ms/delivery: app, PostgreSQL | Round trips/delivery (alone) | Deliveries/statement (run) | Recorded/distinct sent (errors) | Peak RSS MB |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of summary.results) {
    const w = r.webhooks;
    const ratio = r.baseline.latencyMs.p99 > 0 ? (w.latencyMs.p99 / r.baseline.latencyMs.p99).toFixed(1) : "—";
    lines.push(
      `| ${r.database} | ${r.servers} | ${r.offeredRate} | ${w.throughput} | ${w.latencyMs.p50} | ${w.latencyMs.p95} | ${w.latencyMs.p99} | ` +
        `${r.baseline.latencyMs.p99} | ${ratio} | ${r.capacity.throughput} | ${r.capacity.latencyMs.p99} | ${cpu(r.capacity.cpuMsPerDelivery, r.database)} | ` +
        `${r.roundTripsPerDelivery} | ${r.deliveriesPerStatement ?? "—"} | ` +
        `${r.exactlyOnce.deliveriesRecorded}/${r.exactlyOnce.distinctDeliveriesSent} (${r.exactlyOnce.answeredWithError}) | ${r.peakRssMb.join(", ")} |`,
    );
  }
  lines.push("");
  lines.push(...overloadSection(summary.results));
  lines.push(`Report pages for one shop with ${summary.results[0]?.seed.orders.toLocaleString("en")} attributed orders and ${summary.results[0]?.seed.influencers.toLocaleString("en")} influencers (sequential requests over loopback):`);
  lines.push("");
  lines.push("| Database | Page | p50 ms | p95 ms | Statuses |");
  lines.push("|---|---|---|---|---|");
  for (const r of summary.results) {
    for (const p of r.pages) {
      lines.push(`| ${r.database} | \`${p.path}\` | ${p.latencyMs.p50} | ${p.latencyMs.p95} | ${Object.entries(p.statuses).map(([s, n]) => `${s}×${n}`).join(" ")} |`);
    }
  }
  lines.push("");
  if (summary.backfill?.length) lines.push(...backfillSection(summary.backfill));
  lines.push("Against the targets:");
  lines.push("");
  for (const r of summary.results) {
    const kind = r.database.startsWith("postgres") ? "postgres" : "pglite";
    const t = TARGETS[kind];
    const dashboard = r.pages.find((p) => p.path === "/app");
    const rateOk = r.webhooks.throughput >= t.rate * 0.97 && r.webhooks.ok === r.webhooks.sent;
    const p99Ok = r.webhooks.latencyMs.p99 < t.p99;
    lines.push(
      `- ${r.database}: ${t.rate}/s accepted — ${verdict(rateOk)} (${r.webhooks.throughput}/s, ${r.webhooks.ok}/${r.webhooks.sent} answered 2xx)` +
        (Number.isFinite(t.p99) ? `; p99 < ${t.p99} ms — ${verdict(p99Ok)} (${r.webhooks.latencyMs.p99} ms)` : "") +
        (dashboard ? `; dashboard p95 < ${t.dashboardP95} ms — ${verdict(dashboard.latencyMs.p95 < t.dashboardP95)} (${dashboard.latencyMs.p95} ms)` : ""),
    );
  }
  lines.push("");
  return lines.join("\n");
}

/** docs/benchmarks.md from the last full and quick runs plus the hand-written analysis. */
export function renderReport(): string {
  const parts = ["# Benchmarks", "", "Generated by `npm run bench` (figures) from `docs/benchmarks.json` and `docs/benchmarks-quick.json`; the analysis below the figures is written by hand in `docs/benchmarks-notes.md`.", ""];
  for (const file of ["docs/benchmarks.json", "docs/benchmarks-quick.json"]) {
    if (existsSync(file)) parts.push(section(JSON.parse(readFileSync(file, "utf8")) as Summary));
  }
  if (existsSync("docs/benchmarks-notes.md")) parts.push(readFileSync("docs/benchmarks-notes.md", "utf8"));
  return parts.join("\n");
}

import http from "node:http";

export interface Shot {
  path: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  sent: number;
  ok: number;
  statuses: Record<string, number>;
  durationMs: number;
  /** Accepted (2xx) per second over the run. */
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function send(base: URL, shot: Shot): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: shot.path, method: shot.method, headers: shot.headers, agent },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    // Shopify gives up on a webhook after 5 seconds: a later answer is a failed delivery.
    req.setTimeout(5000, () => req.destroy());
    req.on("error", () => resolve(0));
    if (shot.body) req.write(shot.body);
    req.end();
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarise(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

/**
 * Open-loop load at a fixed offered rate: request i is due at start + i / rate, whatever happened
 * to earlier ones, and its latency counts from when it was due (no coordinated omission).
 * Requests are spread round-robin over the given servers.
 */
export async function openLoop(
  servers: string[],
  shots: Shot[],
  ratePerSecond: number,
  /** Called with each request's index and answer (0: no answer within 5 s, or the connection failed). */
  onAnswer?: (index: number, status: number) => void,
): Promise<LoadResult> {
  const bases = servers.map((s) => new URL(s));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < shots.length; i++) {
    const due = start + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      send(bases[i % bases.length], shots[i]).then((status) => {
        latencies.push(performance.now() - due);
        statuses[status] = (statuses[status] ?? 0) + 1;
        onAnswer?.(i, status);
      }),
    );
  }
  await Promise.all(inflight);
  return loadResult(shots.length, statuses, latencies, performance.now() - start);
}

function loadResult(sent: number, statuses: Record<string, number>, latencies: number[], durationMs: number): LoadResult {
  const ok = Object.entries(statuses).filter(([s]) => s.startsWith("2")).reduce((n, [, c]) => n + c, 0);
  return {
    sent,
    ok,
    statuses,
    durationMs: Math.round(durationMs),
    throughput: Math.round((ok / durationMs) * 1000 * 10) / 10,
    latencyMs: summarise(latencies),
  };
}

/**
 * Closed loop: `concurrency` clients each send their next request as soon as the previous one
 * answered, until the shots run out. Measures what the server can absorb (its capacity).
 */
export async function closedLoop(
  servers: string[],
  shots: Shot[],
  concurrency: number,
  onAnswer?: (index: number, status: number) => void,
): Promise<LoadResult> {
  const bases = servers.map((s) => new URL(s));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < shots.length) {
        const i = next++;
        const t = performance.now();
        const status = await send(bases[(i + worker) % bases.length], shots[i]);
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
        onAnswer?.(i, status);
      }
    }),
  );
  return loadResult(shots.length, statuses, latencies, performance.now() - start);
}

/** Sequential requests (one at a time): server time for a page, measured over loopback. */
export async function sequential(server: string, path: string, count: number, headers: () => Record<string, string> = () => ({})) {
  const base = new URL(server);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const status = await send(base, { path, method: "GET", headers: headers() });
    latencies.push(performance.now() - t);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return { path, count, statuses, latencyMs: summarise(latencies) };
}

export function closeAgent() {
  agent.destroy();
}

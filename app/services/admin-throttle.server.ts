import type { AdminGraphqlClient, AdminGraphqlError } from "./admin-client.server";

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Body {
  data?: unknown;
  errors?: AdminGraphqlError[] | { graphQLErrors?: AdminGraphqlError[] };
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

export interface ThrottleOptions {
  /** How many times a THROTTLED answer is retried before giving up. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  onWait?: (ms: number, reason: "throttled" | "bucket-low") => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function graphqlErrors(body: Body | undefined): AdminGraphqlError[] {
  const errors = body?.errors;
  if (!errors) return [];
  return Array.isArray(errors) ? errors : (errors.graphQLErrors ?? []);
}

function isThrottled(body: Body | undefined) {
  return graphqlErrors(body).some((e) => e.extensions?.code === "THROTTLED");
}

/** Time until the bucket holds `cost` points again, from Shopify's own figures. */
function waitFor(cost: number, status: ThrottleStatus | undefined): number {
  if (!status || status.currentlyAvailable >= cost) return 0;
  return Math.ceil(((cost - status.currentlyAvailable) / Math.max(status.restoreRate, 1)) * 1000);
}

/**
 * Wraps an Admin API client so bulk work respects Shopify's GraphQL rate limits: it reads the
 * calculated cost in every answer's `extensions.cost`, waits before a request that the bucket
 * cannot pay for, and retries THROTTLED answers after the bucket has refilled. Works with the
 * real client (which throws GraphqlQueryError carrying the body) and the emulator (which answers).
 */
export function throttledAdmin(admin: AdminGraphqlClient, options: ThrottleOptions = {}) {
  const { maxRetries = 6, sleep = defaultSleep, onWait } = options;
  let lastStatus: ThrottleStatus | undefined;
  const lastCost = new Map<string, number>();
  const stats = { requests: 0, throttledRetries: 0, waitedMs: 0 };

  async function send(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: Body }> {
    stats.requests += 1;
    try {
      const response = await admin.graphql(query, variables ? { variables } : undefined);
      return { status: response.status, body: (await response.json()) as Body };
    } catch (error) {
      const body = (error as { body?: Body }).body;
      if (body && isThrottled(body)) return { status: 200, body };
      throw error;
    }
  }

  const client: AdminGraphqlClient & { stats: typeof stats } = {
    stats,
    async graphql(query, opts) {
      const expected = lastCost.get(query) ?? 10;
      const before = waitFor(expected, lastStatus);
      if (before > 0) {
        onWait?.(before, "bucket-low");
        stats.waitedMs += before;
        await sleep(before);
      }
      for (let attempt = 0; ; attempt++) {
        const { status, body } = await send(query, opts?.variables);
        const cost = body.extensions?.cost;
        if (cost?.throttleStatus) lastStatus = cost.throttleStatus;
        if (cost?.requestedQueryCost) lastCost.set(query, cost.requestedQueryCost);
        if (!isThrottled(body) || attempt >= maxRetries) {
          return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
        }
        stats.throttledRetries += 1;
        const delay = Math.max(waitFor(cost?.requestedQueryCost ?? expected, lastStatus), 250 * 2 ** attempt);
        onWait?.(delay, "throttled");
        stats.waitedMs += delay;
        await sleep(delay);
        // The bucket refilled while waiting; assume so until the next answer says otherwise.
        if (lastStatus) {
          lastStatus = {
            ...lastStatus,
            currentlyAvailable: Math.min(lastStatus.maximumAvailable, lastStatus.currentlyAvailable + (delay / 1000) * lastStatus.restoreRate),
          };
        }
      }
    },
  };
  return client;
}

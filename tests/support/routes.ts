import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import type { Database } from "../../app/db.server";
import type { Prisma, Shop } from "../../app/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "./database";
import { demoShop, formData, otherShop } from "./factories";

type RouteFunction = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

export interface RouteOutcome<T = Record<string, unknown>> {
  status: number;
  body: T;
  location: string | null;
}

/**
 * Calls a route's loader or action as Remix would, and normalises what comes back: plain data
 * (200), `data(…, { status })`, a redirect, or a thrown Response (404).
 */
export async function callRoute<T = Record<string, unknown>>(
  fn: RouteFunction,
  {
    path,
    params = {},
    form,
  }: { path: string; params?: Record<string, string>; form?: Record<string, string | string[]> },
): Promise<RouteOutcome<T>> {
  const url = `http://localhost${path}`;
  const request = form ? new Request(url, { method: "POST", body: formData(form) }) : new Request(url);
  let result: unknown;
  try {
    result = await fn({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) result = thrown;
    else throw thrown;
  }
  if (result instanceof Response) {
    const text = await result.text();
    return { status: result.status, body: text as unknown as T, location: result.headers.get("Location") };
  }
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const wrapped = result as { data: T; init: ResponseInit | null };
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, location: null };
  }
  return { status: 200, body: result as T, location: null };
}

export interface DemoRouteOptions {
  /** Create the demo shop (what requireAdmin answers in demo mode) before the file's tests; default true. */
  demoShop?: boolean;
  /** Also create a second shop, for tests that prove another shop's rows stay out. */
  otherShop?: boolean;
  /** Tables emptied, in this order, before each test (the shops stay). */
  reset?: Uncapitalize<Prisma.ModelName>[];
}

type ShopHandle = Pick<Shop, "id" | "domain" | "name">;

/**
 * The common frame of a route test file: a fresh database installed as the app's (beforeAll,
 * destroyed afterAll), the demo shop and optionally a second shop, and demo mode
 * (`CODETRAIL_DEMO=1`) around each test. Call it at the top of the file; hooks the file registers
 * afterwards run after these (and their after-hooks before these). What it returns is read inside
 * hooks and tests: `db.prisma`, `shop.id`, `otherShop.id`.
 */
export function demoRouteTest({ demoShop: withDemoShop = true, otherShop: withOtherShop = false, reset = [] }: DemoRouteOptions = {}) {
  let database: TestDatabase | undefined;
  let demo: Shop | undefined;
  let other: Shop | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`demoRouteTest: ${what} is not there (read it inside hooks and tests, and ask for it in the options).`);
    return value;
  };
  const handle = (get: () => Shop | undefined, what: string): ShopHandle => ({
    get id() {
      return ready(get(), what).id;
    },
    get domain() {
      return ready(get(), what).domain;
    },
    get name() {
      return ready(get(), what).name;
    },
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    if (withDemoShop) demo = await demoShop(database.prisma);
    if (withOtherShop) other = await otherShop(database.prisma);
  });
  afterAll(() => database?.destroy());
  beforeEach(async () => {
    vi.stubEnv("CODETRAIL_DEMO", "1");
    const { prisma } = ready(database, "the database");
    for (const table of reset) await (prisma[table] as unknown as { deleteMany(args: object): Promise<unknown> }).deleteMany({});
  });
  afterEach(() => vi.unstubAllEnvs());

  return {
    db: {
      get prisma(): Database {
        return ready(database, "the database").prisma;
      },
      exec: (sql: string) => ready(database, "the database").exec(sql),
    },
    shop: handle(() => demo, "the demo shop"),
    otherShop: handle(() => other, "the other shop"),
  };
}

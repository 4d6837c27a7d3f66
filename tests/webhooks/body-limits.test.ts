import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLimited, UploadBudget, BodyTooLarge, UploadsBusy } from "../../app/lib/request-body.server";
import * as loginRoute from "../../app/routes/auth.login/route";
import * as pixelRoute from "../../app/routes/pixel.events";
import { handleWebhookRequest } from "../../app/services/webhook-http.server";
import { WEBHOOK_MAX_BODY_BYTES } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { captureConsole } from "../support/setup";
import { ledgerSnapshot, ROUTES, SHOP } from "./helpers";

/**
 * Issue 17: every unauthenticated endpoint enforces its size limit while it reads (chunked bodies
 * included), and unverified webhook bodies are bounded in size and, together, in memory. A body
 * that never ends is the sharpest test: a server that reads it whole before checking never answers.
 */

const CHUNK = 64 * 1024;

/** A body of `total` bytes in 64 KB chunks, recording how much of it the reader pulled. */
function meteredBody(total: number) {
  const metered = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (metered.pulled >= total) return controller.close();
      metered.pulled += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x7b));
    },
  });
  return { stream, metered };
}

describe("reading with a limit", () => {
  async function* chunks(n: number, size: number) {
    for (let i = 0; i < n; i++) yield new Uint8Array(size);
  }

  it("stops at the first chunk past the limit and pulls nothing more", async () => {
    let pulled = 0;
    const source = (async function* () {
      for (;;) {
        pulled += 1;
        yield new Uint8Array(1000);
      }
    })();
    await expect(readLimited(source, { limit: 2500 })).rejects.toBeInstanceOf(BodyTooLarge);
    expect(pulled).toBe(3);
  });

  it("reads a body at the limit exactly", async () => {
    expect((await readLimited(chunks(5, 100), { limit: 500 })).byteLength).toBe(500);
  });

  it("counts unverified bytes against a shared budget, and gives them back when reading ends", async () => {
    const budget = new UploadBudget(1000);
    const held = budget.take(700);
    expect(held).toBe(true);
    await expect(readLimited(chunks(4, 100), { limit: 10_000, budget })).rejects.toBeInstanceOf(UploadsBusy);
    expect(budget.inUse).toBe(700);
    budget.give(700);
    await readLimited(chunks(4, 100), { limit: 10_000, budget });
    expect(budget.inUse).toBe(0);
  });
});

describe("the pixel endpoint and the login form (Remix routes)", () => {
  it("answers a 16 MB chunked pixel body with 413 having pulled only its first chunks", async () => {
    const { stream, metered } = meteredBody(16 * 1024 * 1024);
    const request = new Request("http://localhost/pixel/events", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const response = await pixelRoute.action({ request, params: {}, context: { peerAddress: "10.9.0.1" } });
    expect(response.status).toBe(413);
    expect(response.headers.get("Connection")).toBe("close");
    expect(metered.pulled).toBeLessThanOrEqual(2 * CHUNK);
  });

  it("answers a declared Content-Length over the pixel's limit without reading", async () => {
    const { stream, metered } = meteredBody(16 * 1024 * 1024);
    const request = new Request("http://localhost/pixel/events", {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: { "Content-Length": String(16 * 1024 * 1024) },
    } as RequestInit);
    const response = await pixelRoute.action({ request, params: {}, context: { peerAddress: "10.9.0.2" } });
    expect(response.status).toBe(413);
    expect(metered.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it("answers a 16 MB chunked login form with 413 having pulled only its first chunks", async () => {
    const { stream, metered } = meteredBody(16 * 1024 * 1024);
    const request = new Request("http://localhost/auth/login", {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    } as RequestInit);
    const thrown = await loginRoute.action({ request, params: {}, context: {} }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(413);
    expect(metered.pulled).toBeLessThanOrEqual(2 * CHUNK);
  });
});

describe("webhook bodies on the production fast path", () => {
  let db: TestDatabase;
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = createServer((req, res) => {
      void handleWebhookRequest(req, res).then((handled) => handled || res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.destroy();
  });

  /**
   * Starts a chunked delivery, writes `bytes` of it and waits (at most `waitMs`) for an answer
   * without ever ending the body. Resolves with the status, or 0 when none came.
   */
  function partialDelivery(bytes: number, headers: Record<string, string>, waitMs = 5000): Promise<{ status: number; close: () => void }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest({
        host: "127.0.0.1",
        port,
        method: "POST",
        path: ROUTES["orders/create"].path,
        headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked", ...headers },
      });
      const close = () => request.destroy();
      const timer = setTimeout(() => resolve({ status: 0, close }), waitMs);
      request.on("response", (response) => {
        clearTimeout(timer);
        response.resume();
        resolve({ status: response.statusCode ?? 0, close });
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        // The server closing the connection after its answer can reset a write still in flight.
        if (error.code !== "ECONNRESET" && error.code !== "EPIPE") reject(error);
      });
      let written = 0;
      const writeMore = () => {
        while (written < bytes) {
          written += CHUNK;
          if (!request.write(Buffer.alloc(CHUNK, 0x20))) return void request.once("drain", writeMore);
        }
      };
      writeMore();
    });
  }

  const signed = {
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Hmac-Sha256": "c2lnbmF0dXJl",
    "X-Shopify-Shop-Domain": SHOP,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": "limit-test",
  };

  it("answers 413 as soon as a body passes the cap, before it ends, and stores nothing", async () => {
    const warnings = captureConsole("warn");
    const before = await ledgerSnapshot(db.prisma);
    const delivery = await partialDelivery(WEBHOOK_MAX_BODY_BYTES + 4 * CHUNK, signed);
    delivery.close();
    expect(delivery.status).toBe(413);
    expect(await ledgerSnapshot(db.prisma)).toEqual(before);
    expect(warnings.mock.calls.map(([line]) => JSON.parse(String(line)).status)).toEqual([413]);
  });

  it("answers a delivery without a signature with 401 before reading its body", async () => {
    const warnings = captureConsole("warn");
    const { "X-Shopify-Hmac-Sha256": _omitted, ...unsigned } = signed;
    const delivery = await partialDelivery(CHUNK, unsigned);
    delivery.close();
    expect(delivery.status).toBe(401);
    expect(warnings.mock.calls.map(([line]) => JSON.parse(String(line)).status)).toEqual([401]);
  });

  it("bounds unverified bytes in flight: past the budget a delivery gets 503 with Retry-After, and the budget comes back", async () => {
    const warnings = captureConsole("warn");
    // Six deliveries of 9.5 MB held open (57 MB of the 64 MB budget), then a seventh.
    const holding = await Promise.all(Array.from({ length: 6 }, () => partialDelivery(9.5 * 1024 * 1024, signed, 1500)));
    expect(holding.map((d) => d.status)).toEqual([0, 0, 0, 0, 0, 0]);
    const seventh = await partialDelivery(9.5 * 1024 * 1024, signed);
    expect(seventh.status).toBe(503);
    seventh.close();
    for (const d of holding) d.close();
    // The held bodies' bytes are returned when their connections end: a new delivery is read again.
    await expect.poll(async () => {
      const next = await partialDelivery(WEBHOOK_MAX_BODY_BYTES + 4 * CHUNK, signed);
      next.close();
      return next.status;
    }, { timeout: 10_000 }).toBe(413);
    expect(warnings.mock.calls.some(([line]) => JSON.parse(String(line)).status === 503)).toBe(true);
  });
});

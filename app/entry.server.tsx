import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { disconnectDatabase } from "./db.server";
import "./services/backfill.server";
import "./services/code-generation.server";
import "./services/outreach.server";
import "./services/attribution-rules.server";
import "./services/survey-credit.server";
import { stopJobWorker } from "./services/jobs.server";
import { stopReconcileScheduler } from "./services/reconcile.server";
import { stopDailySummaryScheduler } from "./services/daily-summary.server";
import { startServer } from "./services/startup.server";
import { addDocumentResponseHeaders } from "./shopify.server";
import { appConfig } from "./config.server";
import { applyDocumentSecurityHeaders } from "./lib/security-headers";
import { log } from "./lib/logger.server";
import { ledgerTotals } from "./services/webhook-ingest.server";

// server.mjs awaits this before it listens (migrations, then background jobs). Under `remix vite:dev`
// (`shopify app dev`, which runs `prisma migrate deploy` first) nothing awaits it, so it starts here.
export { startServer };
if (import.meta.env.DEV) {
  startServer().catch((error) => log.error({ err: error }, "start-up failed"));
}

// server.mjs answers webhook deliveries with this before Remix sees them (webhook-http.server.ts).
export { handleWebhookRequest } from "./services/webhook-http.server";

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  applyDocumentSecurityHeaders(new URL(request.url), responseHeaders, appConfig().customShopDomains);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} />,
      {
        [callbackName]: () => {
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error) {
          reject(error);
        },
        onError(error) {
          responseStatusCode = 500;
          console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * Called by server.mjs on SIGTERM/SIGINT after the HTTP server stops accepting requests: closes the
 * database cleanly (an embedded PGlite directory left open would need crash recovery next time).
 */
export async function shutdown() {
  // Mean deliveries per ledger statement over the process's life (group commit, decision 013).
  log.info({ ledger: ledgerTotals() }, "ledger statements");
  stopJobWorker();
  stopReconcileScheduler();
  stopDailySummaryScheduler();
  await disconnectDatabase();
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { log } from "../lib/logger.server";
import { receiveWebhook, WEBHOOK_TOPICS, type WebhookTopic } from "./webhook-ingest.server";

/**
 * The production server's fast path for webhook deliveries (server.mjs mounts it before Remix):
 * the same `receiveWebhook` the Remix routes call, without building a Fetch Request, matching
 * Remix's route tree and streaming a Response back, which cost more CPU than the delivery's own
 * work at Black Friday rates (docs/benchmarks-notes.md). Paths are those of shopify.app.toml and
 * of `app/routes/webhooks.*`; anything else goes on to Remix.
 */
const TOPIC_BY_PATH = new Map<string, WebhookTopic>(WEBHOOK_TOPICS.map((topic) => [`/webhooks/${topic}`, topic]));

function pathOf(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0];
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** Answers a webhook delivery and returns true, or returns false for any other request. */
export async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = pathOf(req.url);
  const topic = TOPIC_BY_PATH.get(path);
  if (!topic || req.method !== "POST") return false;
  try {
    const answer = await receiveWebhook(
      {
        method: req.method,
        path,
        header: (name) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? value[0] : value;
        },
        body: () => req,
      },
      topic,
    );
    if (answer.statusText) res.statusMessage = answer.statusText;
    res.writeHead(answer.status, answer.headers).end();
  } catch (error) {
    // The sender went away mid-body: nobody to answer, nothing read was kept.
    if ((error as NodeJS.ErrnoException).code === "ECONNRESET" && req.destroyed) return true;
    // Nothing was committed (one transaction per delivery): Shopify's retry starts clean.
    log.error({ err: error, path }, "webhook failed");
    if (!res.headersSent) res.writeHead(500).end();
  }
  return true;
}

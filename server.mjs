// Production server: the Remix build behind Express, on $PORT (default 3000).
// WEB_CONCURRENCY > 1 runs that many processes (Node cluster) sharing the port, to use every core;
// only with PostgreSQL: the embedded PGlite database belongs to a single process.
import cluster from "node:cluster";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import http from "node:http";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const embedded = !/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? "");
const processes = embedded ? 1 : Math.max(1, Number(process.env.WEB_CONCURRENCY || 1));

if (cluster.isPrimary && processes > 1) {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    if (!stopping) {
      console.error(`Worker ${worker.process.pid} exited (${code}); starting another.`);
      cluster.fork();
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      setTimeout(() => process.exit(0), 6000).unref();
      cluster.on("exit", () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      });
    });
  }
} else {
  const buildDir = process.env.CODETRAIL_BUILD_DIR || "build";
  const build = await import(new URL(`./${buildDir}/server/index.js`, import.meta.url).href);
  // Migrations complete (or are found missing) before the port opens and before any job runs.
  try {
    await build.entry.module.startServer?.();
  } catch (error) {
    console.error(`CodeTrail did not start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use("/assets", express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(`${buildDir}/client`, { maxAge: "1h" }));
  // The socket's peer address, for rate limits (app/lib/rate-limit.ts's clientAddress: what
  // X-Forwarded-For says counts only from the proxies TRUSTED_PROXIES names).
  const remix = createRequestHandler({ build, getLoadContext: (req) => ({ peerAddress: req.socket.remoteAddress }) });
  app.all("*", (req, res, next) => {
    remix(req, res, next).catch(next);
  });

  // Webhook deliveries skip Express, Remix and compression (app/services/webhook-http.server.ts):
  // at Black Friday rates their per-request overhead cost more CPU than the delivery itself.
  const handleWebhook = build.entry.module.handleWebhookRequest;
  const server = http.createServer((req, res) => {
    if (handleWebhook && req.method === "POST" && req.url?.startsWith("/webhooks/")) {
      handleWebhook(req, res).then(
        (handled) => handled || app(req, res),
        (error) => {
          console.error(error);
          if (!res.headersSent) res.writeHead(500).end();
        },
      );
      return;
    }
    app(req, res);
  });
  server.listen(port, host, () => {
    if (cluster.isPrimary) console.log(`CodeTrail listening on http://localhost:${port}`);
  });

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      setTimeout(() => process.exit(1), 5000).unref();
      server.close(() => {
        Promise.resolve(build.entry.module.shutdown?.()).then(
          () => process.exit(0),
          (error) => {
            console.error(error);
            process.exit(1);
          },
        );
      });
      server.closeIdleConnections?.();
    });
  }
}

// Production server: the Remix build behind Express, on $PORT (default 3000).
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const build = await import("./build/server/index.js");

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build }));

const server = app.listen(port, host, () => {
  console.log(`CodeTrail listening on http://localhost:${port}`);
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 5000).unref();
    server.close(async () => {
      await build.entry.module.shutdown?.();
      process.exit(0);
    });
    server.closeIdleConnections?.();
  });
}
